import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { describe } from 'vitest';
import type { Project } from '@veil/protocol';
import { buildApp } from '../../src/app.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import type { Db } from '../../src/db/open-database.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import type { IngestOptions } from '../../src/ingest/ingest-options.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { hasPostgres, postgresTestDatabase } from '../store/support/test-database.js';

export const DAY_MS = 86_400_000;

/** Where a harness keeps its data: a SQLite file (the default) or a fresh PostgreSQL database. */
export type HarnessBackend = 'sqlite' | 'postgres';

/** The SQLite harness's store: tests that read the file's tables themselves go through `db`. */
export type SqliteHarnessStore = Store & { db: Db };

export interface Harness<S extends Store = SqliteHarnessStore> {
  /** A fresh temp dir (with SQLite, the data dir; with PostgreSQL, unused by the store). */
  dir: string;
  store: S;
  app: FastifyInstance;
  boot: BootstrapResult;
  project: Project;
  /** `Authorization` header of the bootstrap admin token. */
  admin: { authorization: string };
  /** A new token of `role` (optionally expiring at `expiresAt`) as an Authorization header. */
  /** Rows of a query read beside the store (SQL both backends accept: the tables share names). */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Rows in `table`. */
  rowCount(table: string): Promise<number>;
  bearer(role: 'viewer' | 'admin', expiresAt?: number): Promise<{ authorization: string; tokenId: string; token: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  ingest?: IngestOptions;
  backend?: HarnessBackend;
}

/**
 * The real app on a real SQLite file in a fresh temp dir (or, with `backend: 'postgres'`, on a
 * fresh database of the run's throwaway PostgreSQL), bootstrapped like a first start.
 * `seed` runs before the app is built: bulk data written there does not count as event-loop lag
 * in the app's load shedding.
 */
export async function startHarness(
  seed?: (store: SqliteHarnessStore, project: Project) => void | Promise<void>,
  options?: HarnessOptions & { backend?: 'sqlite' },
): Promise<Harness>;
export async function startHarness(
  seed: ((store: Store, project: Project) => void | Promise<void>) | undefined,
  options: HarnessOptions,
): Promise<Harness<Store>>;
export async function startHarness(
  seed?: (store: SqliteHarnessStore, project: Project) => void | Promise<void>,
  options: HarnessOptions = {},
): Promise<Harness<Store>> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-admin-'));
  const { store, url } = await openHarnessStore(options.backend ?? 'sqlite', dir);
  const boot = (await bootstrap(store, Date.now()))!;
  await seed?.(store as SqliteHarnessStore, (await store.projects.get(boot.projectId))!);
  const app = await buildApp({ config: { logLevel: 'silent', secureCookies: 'auto' }, store, logger: false, ...(options.ingest ? { ingest: options.ingest } : {}) });
  const rows = async (sql: string): Promise<Array<Record<string, unknown>>> => {
    if (!url) return (store as SqliteHarnessStore).db.prepare(sql).all() as Array<Record<string, unknown>>;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    dir,
    store,
    app,
    boot,
    project: (await store.projects.get(boot.projectId))!,
    admin: { authorization: `Bearer ${boot.adminToken}` },
    rows,
    async rowCount(table) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
      return Number((await rows(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
    },
    async bearer(role, expiresAt) {
      const t = await store.tokens.create({ role, label: `test ${role}`, expiresAt: expiresAt ?? null }, Date.now());
      return { authorization: `Bearer ${t.token}`, tokenId: t.id, token: t.token };
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The store, and with PostgreSQL the database's URL (null with SQLite). */
async function openHarnessStore(backend: HarnessBackend, dir: string): Promise<{ store: Store; url: string | null }> {
  if (backend === 'sqlite') return { store: createSqliteStore(dir), url: null };
  const url = await postgresTestDatabase();
  if (!url) throw new Error('no PostgreSQL in this run: guard the test with forEachBackend or hasPostgres()');
  return { store: await openPostgresStore(url), url };
}

/**
 * Runs the describe block `fn` once on SQLite and once on PostgreSQL (skipped, and named so,
 * when this run has no PostgreSQL). `fn` passes its backend to `startHarness`.
 *
 * @example
 * forEachBackend('export and import', (backend) => {
 *   beforeEach(async () => { h = await startHarness(undefined, { backend }); });
 * });
 */
export function forEachBackend(name: string, fn: (backend: HarnessBackend) => void): void {
  describe(`${name} (sqlite)`, () => fn('sqlite'));
  describe.skipIf(!hasPostgres())(`${name} (postgres)`, () => fn('postgres'));
}

export interface RecordingSpec {
  sessionId: string;
  startedAt: number;
  userId?: string;
  /** URL of the first page; stored in plain text in the session's metadata. */
  href?: string;
  /** Text on the page; stored compressed in the chunks. */
  text?: string;
  batches?: number;
}

/** A valid rrweb batch: a Meta, a FullSnapshot with `text`, and a click. */
export function rrwebBatch(spec: RecordingSpec, seq: number) {
  const t = spec.startedAt + seq * 5_000;
  return {
    v: 1,
    sessionId: spec.sessionId,
    seq,
    ...(spec.userId ? { userId: spec.userId } : {}),
    events: [
      { type: 4, timestamp: t, data: { href: spec.href ?? 'https://shop.example/cart', width: 1280, height: 800 } },
      {
        type: 2,
        timestamp: t + 1,
        data: {
          node: {
            type: 0,
            id: 1,
            childNodes: [{ type: 2, id: 2, tagName: 'p', attributes: {}, childNodes: [{ type: 3, id: 3, textContent: spec.text ?? `Page ${seq}` }] }],
          },
          initialOffset: { left: 0, top: 0 },
        },
      },
      { type: 3, timestamp: t + 1_000, data: { source: 2, type: 2, id: 3, x: 10, y: 10 } },
    ],
  };
}

/** Records a session into `project` through the real ingest path (validation, scrub, store). */
export async function record(store: Pick<Store, 'sessions'>, project: Project, spec: RecordingSpec): Promise<void> {
  for (let seq = 0; seq < (spec.batches ?? 1); seq++) {
    const raw = Buffer.from(JSON.stringify(rrwebBatch(spec, seq)));
    await ingestBatch(store, project, raw, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36', spec.startedAt + seq * 5_000 + 2_000);
  }
}
