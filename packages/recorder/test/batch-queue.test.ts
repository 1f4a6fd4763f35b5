import { beforeEach, describe, expect, it } from 'vitest';
import { BatchQueue, type PendingBatch } from '../src/transport/batch-queue.js';

/** A Web Storage stand-in; `quota` (in characters) makes setItem throw like a full browser storage. */
function fakeStorage(quota = Infinity): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > quota) throw new DOMException('full', 'QuotaExceededError');
      m.set(k, v);
    },
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
    key: (i: number) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

const batch = (seq: number, bytes: number, over: Partial<PendingBatch> = {}): PendingBatch => ({
  sessionId: 'abcdefghijklmnop1234', seq, events: 10, firstTs: 1000 + seq * 10, lastTs: 1009 + seq * 10,
  body: new Uint8Array(bytes).fill(seq), state: 'idle', ...over,
});

describe('BatchQueue bounds', () => {
  beforeEach(() => {
    (globalThis as any).sessionStorage = fakeStorage();
  });

  it('keeps batches oldest first and sends the oldest ready one', () => {
    const q = new BatchQueue(1000);
    q.push(batch(0, 10, { state: 'compressing' }));
    q.push(batch(1, 10));
    expect(q.next()?.seq).toBe(1);
    q.items[0]!.state = 'idle';
    expect(q.next()?.seq).toBe(0);
  });

  it('drops whole oldest batches past the byte bound and tallies the gap once', () => {
    const q = new BatchQueue(1000);
    for (let seq = 0; seq < 5; seq++) q.push(batch(seq, 300));
    expect(q.items.map((b) => b.seq)).toEqual([2, 3, 4]);
    expect(q.byteSize).toBe(900);
    expect(q.takeDropped()).toEqual({ batches: 2, events: 20, from: 1000, to: 1019 });
    expect(q.takeDropped()).toBeNull();
  });

  it('always keeps the newest batch, even one larger than the bound', () => {
    const q = new BatchQueue(1000);
    q.push(batch(0, 100));
    q.push(batch(1, 5000));
    expect(q.items.map((b) => b.seq)).toEqual([1]);
  });

  it('counts JSON while compressing, then the gzip size', () => {
    const q = new BatchQueue(1000);
    const b = batch(0, 0, { body: 'x'.repeat(800), state: 'compressing' });
    q.push(b);
    expect(q.byteSize).toBe(800);
    q.setBody(b, new Uint8Array(80));
    expect(q.byteSize).toBe(80);
    q.remove(b);
    q.remove(b); // twice: a no-op
    expect(q.byteSize).toBe(0);
  });

  it('persists and restores across pages: same bytes, same seqs, JSON and gzip alike', () => {
    const q = new BatchQueue();
    q.push(batch(0, 50));
    q.push(batch(1, 0, { body: '{"v":1,"seq":1}', state: 'compressing' }));
    q.persist();
    const next = new BatchQueue();
    next.restore();
    expect(next.items.map((b) => [b.seq, b.body, b.state])).toEqual([
      [0, new Uint8Array(50).fill(0), 'idle'],
      [1, '{"v":1,"seq":1}', 'idle'],
    ]);
    // restoring takes them out of storage: a third page does not send them again
    const third = new BatchQueue();
    third.restore();
    expect(third.items).toHaveLength(0);
  });

  it('when storage is short, saves the newest that fit and the next page reports the gap, while this page keeps all', () => {
    (globalThis as any).sessionStorage = fakeStorage(3000);
    const q = new BatchQueue();
    for (let seq = 0; seq < 4; seq++) q.push(batch(seq, 1000)); // ~1.3 KB of base64 each
    q.persist();
    // This page keeps everything: it may live on (a hidden tab) and send it all.
    expect(q.items.map((b) => b.seq)).toEqual([0, 1, 2, 3]);
    expect(q.takeDropped()).toBeNull();
    const next = new BatchQueue();
    next.restore();
    expect(next.items.map((b) => b.seq)).toEqual([2, 3]);
    expect(next.takeDropped()).toMatchObject({ batches: 2, events: 20 });
  });

  it('ignores corrupt storage', () => {
    sessionStorage.setItem('veil:queue', '{"b":[["x",1');
    const q = new BatchQueue();
    q.restore();
    expect(q.items).toHaveLength(0);
  });

  it('clear() forgets everything, stored copy included', () => {
    const q = new BatchQueue();
    q.push(batch(0, 10));
    q.persist();
    q.clear();
    expect(q.items).toHaveLength(0);
    expect(sessionStorage.getItem('veil:queue')).toBeNull();
  });
});
