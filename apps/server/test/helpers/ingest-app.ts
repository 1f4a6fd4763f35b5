import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import type { Db } from '../../src/db/open-database.js';
import type { IngestOptions } from '../../src/ingest/ingest-options.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

export interface IngestApp {
  app: FastifyInstance;
  store: Store & { db: Db };
  dir: string;
  boot: BootstrapResult;
  /** The default project's ingest key. */
  key: string;
  close(): Promise<void>;
}

/** The real app on a real SQLite file in a fresh temp dir, bootstrapped like a first start. */
export async function startIngestApp(ingest?: IngestOptions): Promise<IngestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-ingest-'));
  const store = createSqliteStore(dir);
  const boot = bootstrap(store, Date.now())!;
  const app = await buildApp({ config: { logLevel: 'silent', secureCookies: 'auto' }, store, logger: false, ...(ingest ? { ingest } : {}) });
  return {
    app,
    store,
    dir,
    boot,
    key: boot.projectKey,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
