import { KEEPALIVE_MAX_BYTES } from '@veil/protocol/limits';
import { debug } from '../log.js';
import { backoffDelay } from './backoff.js';
import { BatchQueue, bodyBytes, type PendingBatch } from './batch-queue.js';
import { gzip } from './compress.js';
import { beaconBatch, sendBatch } from './send-batch.js';

export interface TransportEvents {
  /** The server refused the project for good (`recording_disabled`, `invalid_key`, …). */
  onStop(code: string): void;
  /** A seq of this session was already stored with another body (a duplicated tab). */
  onConflict(sessionId: string): void;
}

/**
 * Delivers batches: compresses each, sends one at a time (oldest ready first), and retries with
 * backoff for as long as the page lives. On page hide it saves the queue for the next page of
 * the tab and hands what fits to the browser (keepalive fetch, then beacon).
 */
export class Transport {
  readonly queue = new BatchQueue();
  /** Nothing is sent before this time (`minDurationMs`); page hide then only saves. */
  holdUntil = 0;
  #busy = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  #endpoint: string;
  #projectKey: string;
  #events: TransportEvents;

  constructor(endpoint: string, projectKey: string, events: TransportEvents) {
    this.#endpoint = endpoint;
    this.#projectKey = projectKey;
    this.#events = events;
  }

  /** Queues a new batch (its seq is taken) and compresses it; the JSON serves until gzip is done. */
  add(batch: Omit<PendingBatch, 'state' | 'body'>, json: string): void {
    if (this.#stopped) return;
    const pending: PendingBatch = { ...batch, body: json, state: 'compressing' };
    this.queue.push(pending);
    this.#compress(pending, json);
  }

  /** Takes back what an earlier page of this tab left unsent; JSON left at page hide is gzipped now. */
  restore(): void {
    this.queue.restore();
    for (const b of this.queue.items) {
      if (typeof b.body !== 'string') continue;
      b.state = 'compressing';
      this.#compress(b, b.body);
    }
  }

  #compress(pending: PendingBatch, json: string): void {
    // Whatever becomes of the gzip, the batch goes on (as JSON if it failed) and nothing
    // reaches the page as an unhandled rejection.
    void gzip(json)
      .catch(() => null)
      .then((body) => {
        if (body) this.queue.setBody(pending, body);
        if (pending.state === 'compressing') pending.state = 'idle';
        this.pump();
      })
      .catch(() => undefined);
  }

  /** Sends the oldest ready batch, unless a send is under way, a retry is scheduled or sending is held. */
  pump(): void {
    if (this.#stopped || this.#busy || this.#timer !== undefined) return;
    const wait = this.holdUntil - Date.now();
    if (wait > 0) return this.#retryIn(wait);
    const batch = this.queue.next();
    if (!batch) return;
    this.#busy = true;
    void this.#send(batch, false).then(() => {
      this.#busy = false;
      this.pump();
    });
  }

  /**
   * The page is hidden or leaving: save every waiting batch for the next page of this tab, then
   * hand to the browser what fits its keepalive budget (~64 KiB in all, shared with beacons).
   * What does not fit is sent by the next page (or by this one, if it stays).
   */
  handOff(): void {
    if (this.#stopped) return;
    this.queue.persist();
    if (Date.now() < this.holdUntil) return;
    let budget = KEEPALIVE_MAX_BYTES;
    for (const batch of this.queue.items.slice()) {
      if (batch.handedOff) continue;
      const size = bodyBytes(batch.body);
      if (size <= budget) {
        budget -= size;
        batch.handedOff = true;
        void this.#send(batch, true);
      } else if (beaconBatch(this.#endpoint, this.#projectKey, batch.body)) {
        batch.handedOff = true;
      } else {
        break; // the browser's budget is spent: the rest waits in storage
      }
    }
  }

  /** The page is visible again: later hides may hand batches off again. */
  shown(): void {
    for (const batch of this.queue.items) batch.handedOff = false;
  }

  /** Stops for good and forgets everything unsent (here and in storage). */
  discard(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.queue.clear();
  }

  async #send(batch: PendingBatch, keepalive: boolean): Promise<void> {
    if (!keepalive) batch.state = 'sending';
    try {
      const outcome = await sendBatch(this.#endpoint, this.#projectKey, batch.body, keepalive);
      if (this.#stopped) return;
      if (outcome.kind === 'retry') {
        if (!keepalive) batch.state = 'idle';
        const delay = outcome.afterMs ?? backoffDelay(this.#attempt);
        this.#attempt++;
        debug('send failed; retrying in', delay, 'ms');
        this.#retryIn(delay);
        return;
      }
      this.queue.remove(batch);
      this.#attempt = 0;
      if (outcome.kind === 'rejected') debug('batch refused', outcome.status, 'seq', batch.seq);
      else if (outcome.kind === 'conflict') this.#events.onConflict(batch.sessionId);
      else if (outcome.kind === 'stop') this.#events.onStop(outcome.code);
      if (keepalive) this.pump();
    } catch (err) {
      if (!keepalive) batch.state = 'idle';
      debug('send failed', err);
    }
  }

  #retryIn(delay: number): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.pump();
    }, delay);
  }
}
