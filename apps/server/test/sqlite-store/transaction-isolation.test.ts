import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.js';

/** Lets every other queued callback run: a real turn of the event loop, as a request's I/O would. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The SQLite store shares one connection among all requests, while a transaction's function may
 * await between its statements. Whatever runs meanwhile must not land inside that transaction.
 */
describe('the SQLite store: one connection, transactions that await', () => {
  let dir: string;
  let store: ReturnType<typeof createSqliteStore>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'veil-tx-'));
    store = createSqliteStore(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write made elsewhere while a transaction awaits is not rolled back with it', async () => {
    let outside: Promise<unknown> | undefined;
    const rolledBack = store.transaction(async (tx) => {
      await tx.projects.create('Inside', Date.now());
      // Another request writes while this transaction is open.
      outside = store.projects.create('Outside', Date.now());
      await nextTurn();
      throw new Error('changed my mind');
    });
    await expect(rolledBack).rejects.toThrow('changed my mind');
    await outside;
    expect((await store.projects.list()).map((p) => p.name)).toEqual(['Outside']);
  });

  it('a read made elsewhere while a transaction awaits does not see its uncommitted writes', async () => {
    let seen: Promise<string[]> | undefined;
    await store
      .transaction(async (tx) => {
        await tx.projects.create('Uncommitted', Date.now());
        seen = store.projects.list().then((list) => list.map((p) => p.name));
        await nextTurn();
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await seen).toEqual([]);
  });

  it('runs transactions one at a time, in the order they were asked for', async () => {
    const order: string[] = [];
    const step = (name: string) =>
      store.transaction(async (tx) => {
        order.push(`${name} begins`);
        await nextTurn();
        await tx.audit.append({ actor: 'test', action: name }, Date.now());
        order.push(`${name} ends`);
      });
    await Promise.all([step('a'), step('b'), step('c')]);
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
    expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('refuses the parts of a transaction used after it is over', async () => {
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.projects.create('Late', Date.now())).rejects.toThrow(/transaction is over/);
    expect(await store.projects.list()).toEqual([]);
  });
});
