import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Project } from '@veil/protocol';
import { buildApp } from '../../src/app.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import type { Db } from '../../src/db/open-database.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import type { IngestOptions } from '../../src/ingest/ingest-options.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

export const DAY_MS = 86_400_000;

export interface Harness {
  dir: string;
  store: Store & { db: Db };
  app: FastifyInstance;
  boot: BootstrapResult;
  project: Project;
  /** `Authorization` header of the bootstrap admin token. */
  admin: { authorization: string };
  /** A new token of `role` (optionally expiring at `expiresAt`) as an Authorization header. */
  bearer(role: 'viewer' | 'admin', expiresAt?: number): Promise<{ authorization: string; tokenId: string; token: string }>;
  close(): Promise<void>;
}

/**
 * The real app on a real SQLite file in a fresh temp dir, bootstrapped like a first start.
 * `seed` runs before the app is built: bulk data written there does not count as event-loop lag
 * in the app's load shedding.
 */
export async function startHarness(
  seed?: (store: Store & { db: Db }, project: Project) => void | Promise<void>,
  options: { ingest?: IngestOptions } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-admin-'));
  const store = createSqliteStore(dir);
  const boot = (await bootstrap(store, Date.now()))!;
  await seed?.(store, (await store.projects.get(boot.projectId))!);
  const app = await buildApp({ config: { logLevel: 'silent', secureCookies: 'auto' }, store, logger: false, ...(options.ingest ? { ingest: options.ingest } : {}) });
  return {
    dir,
    store,
    app,
    boot,
    project: (await store.projects.get(boot.projectId))!,
    admin: { authorization: `Bearer ${boot.adminToken}` },
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
