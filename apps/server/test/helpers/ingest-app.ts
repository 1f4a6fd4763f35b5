import type { FastifyInstance } from 'fastify';
import type { BootstrapResult } from '../../src/bootstrap.js';
import type { Db } from '../../src/db/open-database.js';
import type { IngestOptions } from '../../src/ingest/ingest-options.js';
import type { Store } from '../../src/store/types.js';
import { startHarness } from './veil-harness.js';

export interface IngestApp {
  app: FastifyInstance;
  store: Store & { db: Db };
  dir: string;
  boot: BootstrapResult;
  /** The default project's ingest key. */
  key: string;
  close(): Promise<void>;
}

/** The shared harness (real app, real SQLite file in a temp dir) seen from the ingest tests. */
export async function startIngestApp(ingest?: IngestOptions): Promise<IngestApp> {
  const h = await startHarness(undefined, ingest ? { ingest } : {});
  return { app: h.app, store: h.store, dir: h.dir, boot: h.boot, key: h.boot.projectKey, close: () => h.close() };
}
