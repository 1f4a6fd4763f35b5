import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommitter } from '../../src/ingest/group-commit.js';
import { prepareBatch } from '../../src/ingest/ingest-batch.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { StoreBusyError, type BatchToStore } from '../../src/store/types.js';
import { rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

describe('group commit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const prepared = (sessionId: string, seq: number, text?: string): BatchToStore =>
    prepareBatch(h.project, Buffer.from(JSON.stringify(rrwebBatch({ sessionId, startedAt: Date.now() - 10_000, ...(text ? { text } : {}) }, seq))), undefined, Date.now()).toStore;

  it('commits batches that arrive in the same turn in one transaction, answering each', async () => {
    const calls: number[] = [];
    const appendBatches = h.store.sessions.appendBatches.bind(h.store.sessions);
    h.store.sessions.appendBatches = (batches, now) => (calls.push(batches.length), appendBatches(batches, now));
    const committer = createGroupCommitter(h.store);
    const second = prepared('group-commit-000000001', 1);
    const results = await Promise.all([
      committer.append(prepared('group-commit-000000001', 0)),
      committer.append(second),
      committer.append(prepared('group-commit-000000002', 0)),
      // The same batch twice in one group: the second sees the first and is a duplicate.
      committer.append({ ...second }),
      // Same seq, other body: a conflict, which does not undo the others.
      committer.append(prepared('group-commit-000000002', 0, 'another body')),
    ]);
    expect(calls).toEqual([5]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'duplicate', 'conflict']);
    expect((await h.store.sessions.get('group-commit-000000001', Date.now()))!.batchCount).toBe(2);
    expect((await h.store.sessions.get('group-commit-000000002', Date.now()))!.batchCount).toBe(1);
  });

  it('when the transaction of a group fails, commits each batch on its own: only the bad one is refused', async () => {
    const committer = createGroupCommitter(h.store);
    h.store.sessions.appendBatches = () => {
      throw new Error('one batch breaks the transaction');
    };
    const appendBatch = h.store.sessions.appendBatch.bind(h.store.sessions);
    h.store.sessions.appendBatch = (batch, now) => {
      if (batch.sessionId === 'group-fail-0000000002') throw new Error('this batch cannot be stored');
      return appendBatch(batch, now);
    };
    const outcomes = await Promise.allSettled([committer.append(prepared('group-fail-0000000001', 0)), committer.append(prepared('group-fail-0000000002', 0))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((await h.store.sessions.get('group-fail-0000000001', Date.now()))!.batchCount).toBe(1);
    expect(await h.store.sessions.get('group-fail-0000000002', Date.now())).toBeNull();
  });

  it('retries on a timer while another process holds the write lock, then commits', async () => {
    const appendBatches = h.store.sessions.appendBatches.bind(h.store.sessions);
    let busy = 3;
    h.store.sessions.appendBatches = (batches, now, options) => {
      if (busy-- > 0) throw new StoreBusyError('the database is locked');
      return appendBatches(batches, now, options);
    };
    const committer = createGroupCommitter(h.store);
    const results = await Promise.all([committer.append(prepared('group-busy-0000000001', 0)), committer.append(prepared('group-busy-0000000002', 0))]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);
    expect(busy).toBe(-1);
  });

  it('asks the store not to block in its busy handler, and the SQLite store fails fast when locked', async () => {
    const other = new Database(join(h.dir, 'veil.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(h.store.sessions.appendBatches([prepared('group-locked-000000001', 0)], Date.now(), { wait: false })).rejects.toThrow(StoreBusyError);
      // The connection's own busy wait is back for every other caller.
      expect(h.store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await h.store.sessions.appendBatches([prepared('group-locked-000000001', 0)], Date.now(), { wait: false }))[0]!.status).toBe('stored');
  });

  it('starts a new group once one is under way', async () => {
    const calls: number[] = [];
    const appendBatches = h.store.sessions.appendBatches.bind(h.store.sessions);
    h.store.sessions.appendBatches = (batches, now) => (calls.push(batches.length), appendBatches(batches, now));
    const committer = createGroupCommitter(h.store);
    await committer.append(prepared('group-next-0000000001', 0));
    await committer.append(prepared('group-next-0000000001', 1));
    expect(calls).toEqual([1, 1]);
  });
});
