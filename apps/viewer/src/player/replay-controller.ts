import { Replayer } from '@rrweb/replay';
import { getEventChunk, messageOf, type ReplayEvent } from '../api.js';
import { assetPolicy } from './asset-policy.js';
import { AssetNeutralizer } from './neutralize-assets.js';
import { guardReplayDocument } from './replay-document.js';
import { TimelineModel } from './timeline-model.js';

/** Batches in the first request: small, so the first frame comes fast (seq 0 holds the first snapshot). */
const FIRST_CHUNK_BATCHES = 2;
/** Later requests grow up to this many batches (about 8 minutes at the recorder's 5 s flush interval). */
const MAX_CHUNK_BATCHES = 100;
const FETCH_ATTEMPTS = 3;
const FULL_SNAPSHOT = 2;

export type PlayerStatus = 'loading' | 'paused' | 'playing' | 'buffering' | 'ended' | 'error';

export interface PlayerState {
  status: PlayerStatus;
  /** Offset from the recording's first event. */
  currentMs: number;
  totalMs: number;
  /** How far the events have arrived. */
  loadedMs: number;
  loadedAll: boolean;
  speed: number;
  skipInactive: boolean;
  /** True while the replayer fast-forwards through an inactive stretch. */
  skipping: boolean;
  error: string | null;
  /** Recorded viewport size, once known. */
  viewport: { width: number; height: number } | null;
  /** Bumped whenever markers or inactive stretches change. */
  timelineVersion: number;
  /** Hosts this replay loads assets from (the project's replayAssetOrigins), once known. */
  assetOrigins: readonly string[];
}

/**
 * Streams a session's events in growing chunks into rrweb's Replayer, so playback starts after
 * the first chunk, and keeps the player state (time, buffering, speed) for the UI. The Replayer
 * renders into a sandboxed iframe without `allow-scripts`: recorded pages never run code here.
 * Events reach it with their assets neutralized (see neutralize-assets.ts) and its document has
 * its own CSP (see replay-document.ts): a replay fetches nothing from the recorded site's hosts
 * unless the project allows them.
 */
export class ReplayController {
  readonly model = new TimelineModel();
  private replayer: Replayer | null = null;
  private firstEvents: ReplayEvent[] = [];
  private listeners = new Set<(s: PlayerState) => void>();
  private state: PlayerState;
  /** A seek (or resume) waiting for events that have not arrived yet. */
  private pending: { ms: number; play: boolean } | null = null;
  private raf = 0;
  private destroyed = false;
  private resizeObserver: ResizeObserver;
  /** Created once the project's allowed asset hosts are known: no event reaches rrweb before. */
  private neutralizer: AssetNeutralizer | null = null;

  /**
   * `assetOrigins` answers the hosts this replay may load assets from (the session metadata's
   * `replayAssetOrigins`); if it fails, none.
   */
  constructor(
    private readonly sessionId: string,
    private readonly stage: HTMLElement,
    durationHintMs: number,
    private readonly assetOrigins: Promise<readonly string[]>,
    opts: { speed?: number; skipInactive?: boolean } = {},
  ) {
    this.state = {
      status: 'loading',
      currentMs: 0,
      totalMs: Math.max(0, durationHintMs),
      loadedMs: 0,
      loadedAll: false,
      speed: opts.speed ?? 1,
      skipInactive: opts.skipInactive ?? true,
      skipping: false,
      error: null,
      viewport: null,
      timelineVersion: 0,
      assetOrigins: [],
    };
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(stage);
  }

  /** The session's duration from its metadata, when it arrives after the first events. */
  setDurationHint(ms: number): void {
    if (!this.state.loadedAll && ms > this.state.totalMs) this.set({ totalMs: ms });
  }

  get snapshot(): PlayerState {
    return this.state;
  }

  subscribe(listener: (s: PlayerState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** Starts streaming; `startAtMs` (a deep link) is where the player waits, paused. */
  start(startAtMs: number | null): void {
    if (startAtMs !== null && startAtMs > 0) this.pending = { ms: startAtMs, play: false };
    void this.stream();
  }

  play(): void {
    const s = this.state;
    if (!this.replayer || s.status === 'error') return;
    if (s.status === 'buffering') {
      if (this.pending) this.pending.play = true;
      return;
    }
    const from = s.status === 'ended' || s.currentMs >= s.totalMs - 50 ? 0 : s.currentMs;
    this.replayer.play(from);
    this.set({ status: 'playing', currentMs: from });
    this.tick();
  }

  pause(): void {
    if (!this.replayer) return;
    if (this.state.status === 'buffering' && this.pending) {
      this.pending.play = false;
      return;
    }
    if (this.state.status !== 'playing') return;
    const at = this.clamp(this.replayer.getCurrentTime());
    this.replayer.pause();
    this.set({ status: 'paused', currentMs: at, skipping: false });
  }

  toggle(): void {
    if (this.state.status === 'playing' || (this.state.status === 'buffering' && this.pending?.play)) this.pause();
    else this.play();
  }

  /** Jumps to `ms`; when those events have not arrived yet, waits for them (status `buffering`). */
  seek(ms: number): void {
    const target = this.clamp(ms);
    const playing = this.state.status === 'playing' || (this.state.status === 'buffering' && !!this.pending?.play);
    if (!this.replayer || (!this.state.loadedAll && target > this.state.loadedMs)) {
      if (this.replayer && this.state.status === 'playing') this.replayer.pause();
      this.pending = { ms: target, play: playing };
      if (this.replayer) this.set({ status: 'buffering', currentMs: target, skipping: false });
      else this.set({ currentMs: target });
      return;
    }
    this.pending = null;
    if (playing) {
      this.replayer.play(target);
      this.set({ status: 'playing', currentMs: target, skipping: false });
      this.tick();
    } else {
      this.replayer.pause(target);
      this.set({ status: 'paused', currentMs: target, skipping: false });
    }
  }

  seekBy(deltaMs: number): void {
    this.seek(this.state.currentMs + deltaMs);
  }

  setSpeed(speed: number): void {
    this.replayer?.setConfig({ speed });
    this.set({ speed });
  }

  setSkipInactive(skipInactive: boolean): void {
    this.replayer?.setConfig({ skipInactive });
    this.set({ skipInactive });
  }

  destroy(): void {
    this.destroyed = true;
    cancelAnimationFrame(this.raf);
    this.resizeObserver.disconnect();
    this.listeners.clear();
    try {
      this.replayer?.destroy();
    } catch {
      // a replayer torn down mid-rebuild may throw; nothing is left to clean up
    }
  }

  private async stream(): Promise<void> {
    let fromSeq = 0;
    let limit = FIRST_CHUNK_BATCHES;
    for (;;) {
      let chunk: Awaited<ReturnType<typeof getEventChunk>>;
      try {
        chunk = await this.fetchChunk(fromSeq, limit);
      } catch (err) {
        if (this.destroyed) return;
        const message = messageOf(err, 'The recording could not be loaded.');
        if (!this.replayer) this.set({ status: 'error', error: message });
        else this.set({ error: `Only part of the recording could be loaded: ${message}` });
        return;
      }
      if (this.destroyed) return;
      if (!this.neutralizer) {
        const origins = await this.assetOrigins.catch(() => [] as readonly string[]);
        if (this.destroyed) return;
        this.neutralizer = new AssetNeutralizer(assetPolicy(origins));
        this.set({ assetOrigins: origins });
      }
      for (const e of chunk.events) this.neutralizer.event(e);
      this.model.add(chunk.events);
      if (this.replayer) {
        for (const e of chunk.events) this.replayer.addEvent(e as never);
        // addEvent hands events to the replayer's state machine in a microtask.
        await new Promise((r) => setTimeout(r, 0));
        if (this.destroyed) return;
      } else {
        this.firstEvents.push(...chunk.events);
      }
      const done = chunk.nextSeq === null;
      this.set({
        loadedMs: this.model.endMs,
        loadedAll: done,
        totalMs: done ? this.model.endMs : Math.max(this.state.totalMs, this.model.endMs),
        timelineVersion: this.state.timelineVersion + 1,
      });
      if (!this.replayer && (done || this.canStart())) {
        if (!this.canStart()) {
          this.set({ status: 'error', error: 'This session has nothing to replay yet (no page snapshot was recorded).' });
          return;
        }
        this.createReplayer();
      }
      this.resumePending();
      if (done) return;
      if (chunk.nextSeq! <= fromSeq) {
        // A server that does not move forward would make this loop forever.
        this.set({ error: 'The server sent the recording out of order; showing what arrived.' });
        return;
      }
      fromSeq = chunk.nextSeq!;
      limit = Math.min(limit * 4, MAX_CHUNK_BATCHES);
    }
  }

  private async fetchChunk(fromSeq: number, limit: number) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await getEventChunk(this.sessionId, fromSeq, limit);
      } catch (err) {
        if (attempt >= FETCH_ATTEMPTS || this.destroyed) throw err;
        await new Promise((r) => setTimeout(r, 400 * attempt));
      }
    }
  }

  private canStart(): boolean {
    return this.firstEvents.length >= 2 && this.firstEvents.some((e) => e.type === FULL_SNAPSHOT);
  }

  private createReplayer(): void {
    const replayer = new Replayer(this.firstEvents as never, {
      root: this.stage,
      speed: this.state.speed,
      skipInactive: this.state.skipInactive,
      showWarning: false,
      mouseTail: { strokeStyle: 'rgba(55, 81, 200, 0.45)', duration: 600, lineWidth: 2 },
      // UNSAFE_replayCanvas would add allow-scripts to the iframe's sandbox: never.
      UNSAFE_replayCanvas: false,
    });
    this.firstEvents = [];
    this.replayer = replayer;
    guardReplayDocument(replayer.iframe.contentDocument!, this.state.assetOrigins);
    replayer.on('resize', (dims) => {
      const { width, height } = dims as { width: number; height: number };
      this.set({ viewport: { width, height } });
      this.fit();
    });
    replayer.on('fullsnapshot-rebuilded', () => {
      if (this.stage.dataset.firstFrame) return;
      this.stage.dataset.firstFrame = String(Math.round(performance.now()));
      performance.mark('veil:first-frame');
    });
    replayer.on('skip-start', () => this.set({ skipping: true }));
    replayer.on('skip-end', () => this.set({ skipping: false }));
    replayer.on('finish', () => this.onFinish());
    this.fit();
    this.set({ status: this.pending ? 'buffering' : 'paused' });
  }

  /** The replayer ran out of events: the end, or the stream has not caught up (rare: it is faster than 16×). */
  private onFinish(): void {
    if (this.state.status !== 'playing') return;
    const at = this.clamp(this.replayer!.getCurrentTime());
    if (this.state.loadedAll) {
      this.set({ status: 'ended', currentMs: this.state.totalMs, skipping: false });
    } else {
      this.pending = { ms: at, play: true };
      this.set({ status: 'buffering', currentMs: at, skipping: false });
    }
  }

  private resumePending(): void {
    const p = this.pending;
    if (!this.replayer) return;
    if (!p) {
      if (this.state.status === 'loading') this.set({ status: 'paused' });
      return;
    }
    if (!this.state.loadedAll && p.ms > this.state.loadedMs) return;
    this.pending = null;
    const at = this.clamp(p.ms);
    if (p.play) {
      this.replayer.play(at);
      this.set({ status: 'playing', currentMs: at });
      this.tick();
    } else {
      this.replayer.pause(at);
      this.set({ status: 'paused', currentMs: at });
    }
  }

  /** Follows the replayer's clock while playing. */
  private tick(): void {
    cancelAnimationFrame(this.raf);
    let last = 0;
    const loop = (now: number) => {
      if (this.destroyed || this.state.status !== 'playing' || !this.replayer) return;
      if (now - last > 60) {
        last = now;
        this.set({ currentMs: this.clamp(this.replayer.getCurrentTime()) });
      }
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  /** Scales the recorded viewport to fit the stage (never above 100 %), centred. */
  private fit(): void {
    const wrapper = this.replayer?.wrapper;
    const vp = this.state.viewport;
    if (!wrapper || !vp || !vp.width || !vp.height) return;
    const box = this.stage.getBoundingClientRect();
    const scale = Math.min(1, box.width / vp.width, box.height / vp.height);
    wrapper.style.width = `${vp.width}px`;
    wrapper.style.height = `${vp.height}px`;
    wrapper.style.transform = `translate(-50%, -50%) scale(${scale})`;
    this.stage.dataset.scale = scale.toFixed(3);
  }

  private clamp(ms: number): number {
    return Math.max(0, Math.min(ms, this.state.totalMs));
  }

  private set(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }
}
