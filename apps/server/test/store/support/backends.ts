import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHUNK_ENCODING } from '../../../src/store/chunk-format.js';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../../../src/store/sqlite-store.js';
import type { BatchToStore, Store } from '../../../src/store/types.js';
import { hasPostgres, postgresTestDatabase } from './test-database.js';

/** A store under test and how to throw it away. */
export interface OpenedStore {
  store: Store;
  /** Another store on the same database, as a second server has it (SQLite: the same one, see below). */
  another(): Promise<Store>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  available: boolean;
  open(): Promise<OpenedStore>;
}

/** The two backends every store contract test runs against. */
export function backends(): Backend[] {
  return [
    {
      name: 'sqlite',
      available: true,
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'veil-store-'));
        const store = createSqliteStore(dir);
        return {
          store,
          // The same store: a second SQLite connection in this process would wait for the
          // file's write lock synchronously, blocking the event loop the holder needs to commit
          // (servers sharing one SQLite file are separate processes, where the lock just waits).
          another: async () => store,
          async dispose() {
            await store.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'postgres',
      available: hasPostgres(),
      async open() {
        const url = (await postgresTestDatabase())!;
        const store = await openPostgresStore(url);
        const others: Store[] = [];
        return {
          store,
          async another() {
            const other = await openPostgresStore(url);
            others.push(other);
            return other;
          },
          async dispose() {
            for (const s of [store, ...others]) await s.close();
          },
        };
      },
    },
  ];
}

/** A batch as ingest hands it to the store; events are a few rrweb-like objects. */
export function batch(overrides: Partial<BatchToStore> & Pick<BatchToStore, 'projectId' | 'sessionId' | 'seq'>): BatchToStore {
  const firstTs = overrides.firstTs ?? Date.now();
  const events = [{ type: 4, timestamp: firstTs, data: { href: 'https://shop.example/' } }, { type: 3, timestamp: firstTs + 10, data: { seq: overrides.seq } }];
  return {
    userId: null,
    batchHash: `hash-${overrides.sessionId}-${overrides.seq}`,
    body: gzipSync(JSON.stringify(events)),
    encoding: CHUNK_ENCODING.EVENTS,
    eventCount: events.length,
    firstTs,
    lastTs: firstTs + 10,
    pages: 1,
    clicks: 0,
    urls: ['https://shop.example/'],
    browser: 'Chrome',
    os: 'Linux',
    device: 'desktop',
    privacyRedactions: 0,
    ...overrides,
  };
}
