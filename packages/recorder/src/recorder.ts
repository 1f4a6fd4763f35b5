import { createScrubber, type PrivacyLevel } from '@veil/privacy';
import { FLUSH_SIZE_BYTES } from '@veil/protocol/limits';
import { addCustomEvent, startCapture, takeFullSnapshot } from './capture/start-capture.js';
import { debug } from './log.js';
import type { ResolvedOptions } from './options.js';
import { isExpired, loadOrCreateSession, parseSession, type SessionState } from './session/session.js';
import { KEYS, storageGet, storageSet } from './storage.js';
import { gzip } from './transport/compress.js';
import { Transport } from './transport/transport.js';

interface RecordedEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

/** rrweb IncrementalSnapshot sources that mean a person is there (moves, clicks, scrolls, typing, touch). */
const ACTIVITY_SOURCES = new Set([1, 2, 3, 5, 6, 12]);
const INCREMENTAL = 3;

/**
 * One recording in one page: rrweb capture -> scrubber -> buffer -> batches -> transport.
 * Created only once every gate (opt-out, browser signals, consent, remote config, sampling) agreed.
 */
export class Recorder {
  private buffer: RecordedEvent[] = [];
  private bufferBytes = 0;
  private stopCapture: (() => void) | null = null;
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private flushChain: Promise<void> = Promise.resolve();
  private readonly scrubber;
  private readonly transport: Transport;
  private readonly teardowns: Array<() => void> = [];
  private gapReported = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly level: PrivacyLevel,
    urlAllowlist: string[],
    private session: SessionState,
    private readonly onServerStop: () => void,
  ) {
    this.scrubber = createScrubber({ level, urlAllowlist });
    this.transport = new Transport(options.endpoint, options.projectKey, (code) => {
      debug('server stopped the recording:', code);
      this.onServerStop();
    });
  }

  start(): boolean {
    this.transport.queue.restore();
    this.transport.pump();
    this.stopCapture = startCapture({
      level: this.level,
      maskSelector: this.options.maskSelector,
      blockSelector: this.options.blockSelector,
      ignoreSelector: this.options.ignoreSelector,
      onEvent: (event) => this.onEvent(event),
    });
    if (!this.stopCapture) return false;
    this.flushTimer = setInterval(() => this.flush(false), this.options.flushIntervalMs);
    const onHide = () => this.onPageHide();
    const onVisibility = () => document.visibilityState === 'hidden' && this.onPageHide();
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    this.teardowns.push(
      () => removeEventListener('pagehide', onHide),
      () => document.removeEventListener('visibilitychange', onVisibility),
    );
    return true;
  }

  get sessionId(): string {
    return this.session.id;
  }

  identify(userId: string | null): void {
    this.session.userId = userId;
    this.saveSession();
  }

  /** Hot path: every rrweb event passes here. Scrub in place, then buffer; no other work. */
  private onEvent(event: RecordedEvent): void {
    try {
      const now = event.timestamp;
      if (event.type === INCREMENTAL && ACTIVITY_SOURCES.has((event.data as { source: number }).source)) {
        if (isExpired(this.session, now, this.options)) this.rotateSession(now);
        this.session.lastActivityAt = now;
      }
      this.scrubber.scrubEvent(event);
      this.buffer.push(event);
      // A cheap size estimate; the exact size is known only when the batch is serialized.
      this.bufferBytes += estimateSize(event);
      if (this.bufferBytes >= FLUSH_SIZE_BYTES) this.flush(false);
    } catch (err) {
      debug('dropped an event that could not be processed', err);
    }
  }

  /** The session ran out while the page stayed open: send the old one's events, start anew. */
  private rotateSession(now: number): void {
    this.flush(true);
    this.session = loadOrCreateSession(null, now, this.options, 1, Math.random).session;
    this.saveSession();
    // The snapshot is taken after this event returns, so the new session starts with a full page.
    setTimeout(() => takeFullSnapshot(), 0);
  }

  /** Turns the buffer into a batch (seq fixed now, in order), compresses it and queues it. */
  flush(force: boolean): Promise<void> {
    if (this.buffer.length === 0) return this.flushChain;
    const now = Date.now();
    if (!force && now - this.session.startedAt < this.options.minDurationMs) return this.flushChain;
    const events = this.takeBuffer();
    const batch = { v: 1, sessionId: this.session.id, seq: this.session.seq++, userId: this.session.userId, events };
    this.saveSession();
    const json = JSON.stringify(batch);
    // One flush at a time, so batches enter the queue in seq order even though gzip is async.
    this.flushChain = this.flushChain.then(async () => {
      const body = await gzip(json);
      this.transport.enqueue({
        sessionId: batch.sessionId,
        seq: batch.seq,
        body: body ?? new TextEncoder().encode(json),
        gzip: body !== null,
        events: events.length,
      });
    });
    return this.flushChain;
  }

  private takeBuffer(): RecordedEvent[] {
    const events = this.buffer;
    const dropped = this.transport.queue.dropped;
    if (dropped.batches > this.gapReported) {
      // Memory ran out while the server was away: mark the gap so the viewer can show it.
      events.push({ type: 5, timestamp: Date.now(), data: { tag: 'veil-gap', payload: { ...dropped } } });
      this.gapReported = dropped.batches;
    }
    this.buffer = [];
    this.bufferBytes = 0;
    return events;
  }

  /** Synchronous on purpose: the page may be gone after this handler returns. */
  private onPageHide(): void {
    if (this.buffer.length > 0 && Date.now() - this.session.startedAt >= this.options.minDurationMs) {
      const events = this.takeBuffer();
      const json = JSON.stringify({ v: 1, sessionId: this.session.id, seq: this.session.seq++, userId: this.session.userId, events });
      this.transport.queue.push({ sessionId: this.session.id, seq: this.session.seq - 1, body: new TextEncoder().encode(json), gzip: false, events: events.length });
    }
    this.saveSession();
    this.transport.flushOnHide();
  }

  private saveSession(): void {
    storageSet('session', KEYS.session, JSON.stringify(this.session));
  }

  /** Stops capturing; with `keep`, flushes what was recorded, otherwise discards everything unsent. */
  async stop(keep: boolean): Promise<void> {
    clearInterval(this.flushTimer);
    for (const teardown of this.teardowns.splice(0)) teardown();
    this.stopCapture?.();
    this.stopCapture = null;
    if (keep) {
      await this.flush(true);
      this.saveSession();
    } else {
      this.buffer = [];
      this.transport.discard();
    }
  }

  addCustomEvent(tag: string, payload: unknown): void {
    if (this.stopCapture) addCustomEvent(tag, payload);
  }
}

/** Rough JSON size of an event without serializing it on the hot path. */
function estimateSize(event: RecordedEvent): number {
  // Full snapshots are the big ones; count them as half a flush so they leave soon.
  if (event.type === 2) return FLUSH_SIZE_BYTES / 2;
  const d = event.data as { source?: number; adds?: unknown[]; texts?: unknown[]; attributes?: unknown[] };
  if (d.source === 0) return 100 + (d.adds?.length ?? 0) * 300 + (d.texts?.length ?? 0) * 80 + (d.attributes?.length ?? 0) * 100;
  return 120;
}

/** Reads the stored session (external input, validated). */
export function readStoredSession(): SessionState | null {
  return parseSession(storageGet('session', KEYS.session));
}
