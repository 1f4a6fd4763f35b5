import { KEYS, storageGet, storageRemove, storageSet } from '../storage.js';

/** A batch ready to send: its body is final, so a retry sends exactly the same bytes. */
export interface PendingBatch {
  sessionId: string;
  seq: number;
  body: Uint8Array;
  gzip: boolean;
  events: number;
}

/** Most compressed bytes kept waiting; past it whole oldest batches are dropped. */
export const MAX_PENDING_BYTES = 5 * 1024 * 1024;

/** What was dropped for lack of room, reported in the next batch as a `veil-gap` event. */
export interface DroppedTally {
  batches: number;
  events: number;
  seqs: number[];
}

/** Batches waiting to be sent, oldest first, bounded in bytes. */
export class BatchQueue {
  private items: PendingBatch[] = [];
  private bytes = 0;
  dropped: DroppedTally = { batches: 0, events: 0, seqs: [] };

  get size(): number {
    return this.items.length;
  }

  peek(): PendingBatch | undefined {
    return this.items[0];
  }

  all(): readonly PendingBatch[] {
    return this.items;
  }

  push(batch: PendingBatch): void {
    this.items.push(batch);
    this.bytes += batch.body.byteLength;
    while (this.bytes > MAX_PENDING_BYTES && this.items.length > 1) {
      const old = this.items.shift()!;
      this.bytes -= old.body.byteLength;
      this.dropped.batches++;
      this.dropped.events += old.events;
      if (this.dropped.seqs.length < 100) this.dropped.seqs.push(old.seq);
    }
  }

  /** Removes the oldest batch (after it was stored or rejected for good). */
  shift(): void {
    const old = this.items.shift();
    if (old) this.bytes -= old.body.byteLength;
  }

  clear(): void {
    this.items = [];
    this.bytes = 0;
    this.dropped = { batches: 0, events: 0, seqs: [] };
    storageRemove('session', KEYS.queue);
  }

  /** Saves unsent batches so the next page of this tab sends them (the server drops repeats). */
  persist(): void {
    if (this.items.length === 0) {
      storageRemove('session', KEYS.queue);
      return;
    }
    const saved = this.items.map((b) => ({ ...b, body: toBase64(b.body) }));
    storageSet('session', KEYS.queue, JSON.stringify(saved));
  }

  /** Takes back what an earlier page of this tab left unsent. */
  restore(): void {
    const raw = storageGet('session', KEYS.queue);
    storageRemove('session', KEYS.queue);
    if (!raw) return;
    try {
      for (const b of JSON.parse(raw) as Array<Omit<PendingBatch, 'body'> & { body: string }>) {
        if (typeof b.sessionId === 'string' && Number.isInteger(b.seq) && typeof b.body === 'string') {
          this.push({ sessionId: b.sessionId, seq: b.seq, gzip: b.gzip === true, events: Number(b.events) || 0, body: fromBase64(b.body) });
        }
      }
    } catch {
      // corrupt storage: nothing to restore
    }
  }
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
