import { createScrubber, type PrivacyLevel } from '@veil/privacy';
import { batchJson, EventBuffer, type BufferedEvent } from './buffer/event-buffer.js';
import { startCapture, takeFullSnapshot } from './capture/start-capture.js';
import { debug } from './log.js';
import type { ResolvedOptions } from './options.js';
import { isExpired, newSession, parseSession, type SessionState } from './session/session.js';
import { KEYS, storageGet, storageSet } from './storage.js';
import { Transport } from './transport/transport.js';

type RecordedEvent = BufferedEvent;

export interface RecorderEvents {
  /** The server refused the project for good (kill switch, revoked key); nothing more may be sent. */
  onServerStop(code: string): void;
  /** A new session (after the old one ran out) was not sampled in: capture stopped. */
  onNotSampled(): void;
}

/** rrweb IncrementalSnapshot sources that mean a person is there (moves, clicks, scrolls, typing, touch, drag). */
const ACTIVITY_SOURCES = new Set([1, 2, 3, 5, 6, 12]);
const INCREMENTAL = 3;

/**
 * One recording in one page: rrweb capture -> scrubber -> buffer -> batches -> transport.
 * Created only once every gate (opt-out, browser signals, consent, remote config, sampling) agreed.
 */
export class Recorder {
  #buffer = new EventBuffer();
  #stopCapture: (() => void) | null = null;
  #flushTimer: ReturnType<typeof setInterval> | undefined;
  #scrubber: ReturnType<typeof createScrubber>;
  #transport: Transport;
  #teardowns: Array<() => void> = [];
  /** The session ran out without activity: events are dropped until activity starts a new one. */
  #idle = false;
  /** stop() was called: nothing more is recorded. */
  #stopped = false;
  /** The end-user id this session was identified with. */
  #identified: string | null;

  #options: ResolvedOptions;
  #level: PrivacyLevel;
  #session: SessionState;
  #sampleRate: number;
  #events: RecorderEvents;

  constructor(options: ResolvedOptions, level: PrivacyLevel, urlAllowlist: string[], session: SessionState, sampleRate: number, events: RecorderEvents) {
    this.#options = options;
    this.#level = level;
    this.#session = session;
    this.#identified = session.userId;
    this.#sampleRate = sampleRate;
    this.#events = events;
    this.#scrubber = createScrubber({ level, urlAllowlist });
    this.#transport = new Transport(options.endpoint, options.projectKey, {
      onStop: (code) => {
        debug('the server stopped the recording:', code);
        this.#events.onServerStop(code);
      },
      onConflict: (sessionId) => {
        // Another tab holds this session (a duplicated tab copies sessionStorage): go our own way.
        if (sessionId === this.#session.id && this.#stopCapture) this.#rotate(Date.now(), false);
      },
    });
  }

  start(): boolean {
    this.#transport.holdUntil = this.#session.startedAt + this.#options.minDurationMs;
    this.#transport.restore();
    this.#saveSession();
    this.#listen();
    this.#stopCapture = startCapture({
      level: this.#level,
      maskSelector: this.#options.maskSelector,
      blockSelector: this.#options.blockSelector,
      ignoreSelector: this.#options.ignoreSelector,
      onEvent: (event) => this.#onEvent(event),
    });
    if (!this.#stopCapture) return false;
    this.#flushTimer = setInterval(() => guarded(() => this.#tick()), this.#options.flushIntervalMs);
    this.#transport.pump();
    return true;
  }

  get sessionId(): string {
    return this.#session.id;
  }

  /**
   * One person per session: when another id follows the one this session was identified with
   * (a shared computer — A logs out, B logs in), B gets a new session, so an erasure request for
   * A finds every screen of A's and none is kept under B's id.
   */
  identify(userId: string | null): void {
    // `null` (a logout) leaves the session with the person it was identified with: what was
    // recorded in it stays findable by their id.
    if (userId === null || userId === this.#identified) return;
    if (this.#identified !== null && !this.#stopped && !this.#rotate(Date.now(), true)) return;
    this.#identified = userId;
    this.#session.userId = userId;
    this.#saveSession();
  }

  /** Hot path: every rrweb event passes here. Scrub in place, then buffer; no other work. */
  #onEvent(event: RecordedEvent): void {
    // After stop nothing more is recorded, whatever a leftover hook still hands over. (Not
    // `#stopCapture`: rrweb emits the first snapshot before startCapture has returned it.)
    if (this.#stopped) return;
    try {
      if (event.type === INCREMENTAL && ACTIVITY_SOURCES.has((event.data as { source: number }).source)) {
        const now = event.timestamp;
        if ((this.#idle || isExpired(this.#session, now, this.#options)) && !this.#rotate(now, true)) return;
        this.#session.lastActivityAt = now;
      } else if (this.#idle) {
        return;
      }
      this.#scrubber.scrubEvent(event);
      if (this.#buffer.add(event)) this.flush();
    } catch (err) {
      debug('dropped an event that could not be processed', err);
    }
  }

  /** Every flush interval: send what is buffered, and notice a session that ran out while idle. */
  #tick(): void {
    this.flush();
    if (!this.#idle && isExpired(this.#session, Date.now(), this.#options)) this.#idle = true;
  }

  /**
   * Ends the current session and starts a new one (sampling decided anew) with a full snapshot.
   * `keep`: the old session's buffer is sent; otherwise (a seq conflict) it is dropped.
   * Answers whether capture goes on.
   */
  #rotate(now: number, keep: boolean): boolean {
    if (keep) this.flush();
    else this.#buffer.clear();
    this.#session = newSession(now, this.#sampleRate, Math.random, this.#session.userId);
    this.#identified = this.#session.userId;
    this.#idle = false;
    this.#saveSession();
    this.#transport.holdUntil = now + this.#options.minDurationMs;
    if (!this.#session.sampled) {
      this.#endCapture();
      this.#events.onNotSampled();
      return false;
    }
    // Synchronous, so the new session's first events are its Meta and FullSnapshot.
    takeFullSnapshot();
    return true;
  }

  /** Turns the buffer into a batch: seq taken and saved now, queued at once (gzip follows). */
  flush(): void {
    const batch = this.#buffer.take();
    if (!batch) return;
    const { parts, firstTs, lastTs } = batch;
    const gap = this.#transport.queue.takeDropped();
    // Memory or storage ran out while the server was away: mark the gap so the viewer can show it.
    if (gap) parts.unshift(JSON.stringify({ type: 5, timestamp: firstTs, data: { tag: 'veil-gap', payload: gap } }));
    const s = this.#session;
    const seq = s.seq++;
    this.#saveSession();
    const json = batchJson({ sessionId: s.id, seq, userId: s.userId }, parts);
    const info = { sessionId: s.id, seq, events: parts.length };
    this.#transport.add({ ...info, firstTs, lastTs }, json);
    if (this.#options.onBatch) guarded(() => this.#options.onBatch!(info));
  }

  /** Page hidden or leaving: batch the buffer synchronously, save, and hand off to the browser. */
  #hide(): void {
    this.flush();
    this.#saveSession();
    this.#transport.handOff();
  }

  /** Back from the back/forward cache: a later page of this tab may have used more seqs meanwhile. */
  #resume(): void {
    const stored = parseSession(storageGet('session', KEYS.session));
    if (stored?.id === this.#session.id) this.#session.seq = Math.max(this.#session.seq, stored.seq);
    this.#transport.queue.storageMayDiffer();
    this.#transport.shown();
  }

  #listen(): void {
    const onHide = () => guarded(() => this.#hide());
    const onVisibility = () => guarded(() => (document.visibilityState === 'hidden' ? this.#hide() : this.#transport.shown()));
    const onShow = (e: PageTransitionEvent) => e.persisted && guarded(() => this.#resume());
    addEventListener('pagehide', onHide);
    addEventListener('pageshow', onShow);
    document.addEventListener('visibilitychange', onVisibility);
    this.#teardowns.push(
      () => removeEventListener('pagehide', onHide),
      () => removeEventListener('pageshow', onShow),
      () => document.removeEventListener('visibilitychange', onVisibility),
    );
  }

  #saveSession(): void {
    storageSet('session', KEYS.session, JSON.stringify(this.#session));
  }

  #endCapture(): void {
    this.#stopped = true;
    clearInterval(this.#flushTimer);
    this.#stopCapture?.();
    this.#stopCapture = null;
  }

  /**
   * Stops capturing. With `keep`, what was recorded is still delivered (the page-hide hand-off
   * stays for that, and `minDurationMs` no longer holds it back); otherwise everything unsent is
   * dropped, here and in storage.
   */
  stop(keep: boolean): void {
    this.#endCapture();
    if (keep) {
      this.flush();
      this.#transport.holdUntil = 0;
      this.#transport.pump();
      return;
    }
    for (const teardown of this.#teardowns.splice(0)) teardown();
    this.#buffer.clear();
    this.#transport.discard();
  }
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    debug('internal error', err);
  }
}
