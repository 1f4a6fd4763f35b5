import { KEYS, storageGet, storageRemove, storageSet } from '../storage.js';

/**
 * A batch whose seq is taken: it stays here until the server stored (or refused) it. Its body is
 * the batch JSON until gzip finishes, then the gzip of that same JSON; the server hashes the
 * decompressed bytes, so whichever form arrives, a retry is the same batch, never a conflict.
 */
export interface PendingBatch {
  sessionId: string;
  seq: number;
  /** Events in the batch, and the first and last event time (for the gap marker). */
  events: number;
  firstTs: number;
  lastTs: number;
  body: string | Uint8Array;
  /** `compressing` until gzip is done (the pump waits; page hide sends the JSON). */
  state: 'compressing' | 'idle' | 'sending';
  /** Already handed to the browser (keepalive or beacon) during this page hide. */
  handedOff?: boolean;
  /** The body as saved in storage (JSON, or `g` + base64 of the gzip), encoded once per body. */
  saved?: string;
}

/** Most bytes kept waiting (compressed, or raw JSON while compressing); past it whole oldest batches go. */
export const MAX_PENDING_BYTES = 5 * 1024 * 1024;

/** What was dropped for lack of room, reported in the next batch as a `veil-gap` custom event. */
export interface DroppedTally {
  batches: number;
  events: number;
  /** Time span of the dropped events (ms since epoch). */
  from: number;
  to: number;
}

/** Size of a body in bytes (JSON counted per UTF-16 unit: close enough for a bound). */
export function bodyBytes(body: string | Uint8Array): number {
  return typeof body === 'string' ? body.length : body.byteLength;
}

/** Batches waiting to be sent, oldest first, bounded in bytes. */
export class BatchQueue {
  readonly items: PendingBatch[] = [];
  #bytes = 0;
  #dropped: DroppedTally | null = null;
  /** What storage holds is out of date (a batch came, went or was compressed since the last save). */
  #dirty = true;

  #maxBytes: number;

  constructor(maxBytes = MAX_PENDING_BYTES) {
    this.#maxBytes = maxBytes;
  }

  get byteSize(): number {
    return this.#bytes;
  }

  /** The oldest batch ready to send, if any. */
  next(): PendingBatch | undefined {
    return this.items.find((b) => b.state === 'idle');
  }

  push(batch: PendingBatch): void {
    this.items.push(batch);
    this.#dirty = true;
    this.#bytes += bodyBytes(batch.body);
    this.#trim();
  }

  /** Swaps in the gzip body once compression finished (a no-op when the batch already left). */
  setBody(batch: PendingBatch, body: Uint8Array): void {
    if (!this.items.includes(batch)) return;
    this.#bytes += body.byteLength - bodyBytes(batch.body);
    batch.body = body;
    batch.saved = undefined;
    this.#dirty = true;
  }

  /** Removes a batch (stored, or refused for good); a no-op when it is gone already. */
  remove(batch: PendingBatch): void {
    const at = this.items.indexOf(batch);
    if (at === -1) return;
    this.items.splice(at, 1);
    this.#dirty = true;
    this.#bytes -= bodyBytes(batch.body);
  }

  /** The drops since the last call, or null (the caller reports them once). */
  takeDropped(): DroppedTally | null {
    const d = this.#dropped;
    if (d) this.#dirty = true;
    this.#dropped = null;
    return d;
  }

  clear(): void {
    this.items.length = 0;
    this.#bytes = 0;
    this.#dropped = null;
    this.#dirty = true;
    storageRemove('session', KEYS.queue);
  }

  /**
   * Saves unsent batches so the next page of this tab sends them (the server drops repeats).
   * When storage is short, the saved copy leaves out the oldest halves and says so as a gap;
   * this page keeps them all and still sends them (it may well live on: a hidden tab is not gone).
   * Each body is encoded once, and an unchanged queue is not saved again: a tab switched back and
   * forth pays nothing for what it saved before.
   */
  persist(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    if (this.items.length === 0 && !this.#dropped) return storageRemove('session', KEYS.queue);
    let kept: readonly PendingBatch[] = this.items;
    let gap: DroppedTally | null = this.#dropped ? { ...this.#dropped } : null;
    for (let tries = 0; tries < 8; tries++) {
      const saved = kept.map((b) => [b.sessionId, b.seq, b.events, b.firstTs, b.lastTs, (b.saved ??= encodeBody(b.body))]);
      if (storageSet('session', KEYS.queue, JSON.stringify({ d: gap, b: saved }))) return;
      if (kept.length === 0) return;
      const half = Math.ceil(kept.length / 2);
      for (const b of kept.slice(0, half)) gap = addToTally(gap, 1, b.events, b.firstTs, b.lastTs);
      kept = kept.slice(half);
    }
  }

  /**
   * Storage may no longer hold what this page saved (another page of the tab took it while this
   * one sat in the back/forward cache): the next persist writes it again.
   */
  storageMayDiffer(): void {
    this.#dirty = true;
  }

  /** Takes back what an earlier page of this tab left unsent. */
  restore(): void {
    const raw = storageGet('session', KEYS.queue);
    storageRemove('session', KEYS.queue);
    this.#dirty = true;
    if (!raw) return;
    try {
      const { d, b } = JSON.parse(raw) as { d: DroppedTally | null; b: Array<[string, number, number, number, number, string]> };
      if (d && Number.isFinite(d.batches) && Number.isFinite(d.events)) this.#tally(d.batches, d.events, d.from, d.to);
      for (const [sessionId, seq, events, firstTs, lastTs, body] of b) {
        if (typeof sessionId !== 'string' || !Number.isInteger(seq) || typeof body !== 'string') continue;
        // JSON starts with `{`; gzip was saved as `g` + base64.
        const decoded = body[0] === 'g' ? fromBase64(body.slice(1)) : body;
        this.push({ sessionId, seq, events: Number(events) || 0, firstTs: Number(firstTs) || 0, lastTs: Number(lastTs) || 0, body: decoded, state: 'idle' });
      }
    } catch {
      // corrupt storage: nothing to restore
    }
  }

  #trim(): void {
    while (this.#bytes > this.#maxBytes && this.items.length > 1) this.#drop(this.items[0]!);
  }

  #drop(batch: PendingBatch): void {
    this.remove(batch);
    this.#tally(1, batch.events, batch.firstTs, batch.lastTs);
  }

  #tally(batches: number, events: number, from: number, to: number): void {
    this.#dirty = true;
    this.#dropped = addToTally(this.#dropped, batches, events, from, to);
  }
}

/** A gap tally with `batches` more batches of `events` events between `from` and `to`. */
function addToTally(d: DroppedTally | null, batches: number, events: number, from: number, to: number): DroppedTally {
  const t = d ?? { batches: 0, events: 0, from, to };
  t.batches += batches;
  t.events += events;
  t.from = Math.min(t.from, from);
  t.to = Math.max(t.to, to);
  return t;
}

/** A body as storage keeps it: JSON starts with `{`, gzip is saved as `g` + base64. */
function encodeBody(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : 'g' + toBase64(body);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
