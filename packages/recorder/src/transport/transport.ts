import { debug } from '../log.js';
import { backoffDelay } from './backoff.js';
import { BatchQueue, type PendingBatch } from './batch-queue.js';
import { beaconBatch, sendBatch } from './send-batch.js';

/**
 * Sends queued batches one at a time, in seq order, retrying with backoff for as long as the
 * page lives. When the server says the project is off (or the key is gone) it calls `onStop`.
 */
export class Transport {
  readonly queue = new BatchQueue();
  private sending = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly endpoint: string,
    private readonly projectKey: string,
    private readonly onStop: (code: string) => void,
  ) {}

  enqueue(batch: PendingBatch): void {
    if (this.stopped) return;
    this.queue.push(batch);
    this.pump();
  }

  /** Sends what waits now, unless a retry is already scheduled or a send is under way. */
  pump(): void {
    if (this.sending || this.timer !== undefined || this.stopped) return;
    const batch = this.queue.peek();
    if (!batch) return;
    this.sending = true;
    void sendBatch(this.endpoint, this.projectKey, batch, false).then((outcome) => {
      this.sending = false;
      if (this.stopped) return;
      if (outcome.kind === 'stored' || outcome.kind === 'rejected') {
        if (outcome.kind === 'rejected') debug('batch rejected', outcome.status, 'seq', batch.seq);
        this.queue.shift();
        this.attempt = 0;
        this.pump();
      } else if (outcome.kind === 'retry') {
        const delay = outcome.afterMs ?? backoffDelay(this.attempt);
        this.attempt++;
        debug('send failed; retrying in', delay, 'ms');
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, delay);
      } else {
        this.onStop(outcome.code);
      }
    });
  }

  /**
   * The page is going away: hand every waiting batch to the browser (keepalive fetch when it
   * fits, a beacon otherwise) and also save them, so the next page of this tab re-sends any that
   * did not arrive (the server drops the repeats by seq).
   */
  flushOnHide(): void {
    if (this.stopped) return;
    this.queue.persist();
    for (const batch of this.queue.all()) {
      if (batch.body.byteLength <= 60 * 1024) void sendBatch(this.endpoint, this.projectKey, batch, true);
      else beaconBatch(this.endpoint, this.projectKey, batch);
    }
  }

  /** Stops for good and forgets everything unsent. */
  discard(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.clear();
  }
}
