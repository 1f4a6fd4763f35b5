import { createHash } from 'node:crypto';
import { bootstrap } from '../../../apps/server/src/bootstrap.js';
import { createSqliteStore } from '../../../apps/server/src/store/sqlite-store.js';
import type { VeilSecrets } from './veil-server.js';

/** A sessions row as the schema of apps/server/src/db/migrations.ts has it. */
export interface SessionSeed {
  id: string;
  userId: string | null;
  startedAt: number;
  lastEventAt: number;
  firstUrl: string;
  pages: number;
  clicks: number;
  eventCount: number;
  batchCount: number;
  storedBytes: number;
}

export interface ChunkSeed {
  sessionId: string;
  seq: number;
  firstTs: number;
  lastTs: number;
  eventCount: number;
  body: Buffer;
}

/**
 * Creates a data dir the way a first start would (schema by `createSqliteStore`, the default
 * project and an admin token by `bootstrap`), then bulk-inserts sessions and chunks with prepared
 * statements in one transaction. The server is started on it afterwards.
 */
export async function seedDataDir(
  dataDir: string,
  now: number,
  fill: (add: { session(s: SessionSeed): void; chunk(c: ChunkSeed): void }) => void,
): Promise<VeilSecrets> {
  const store = createSqliteStore(dataDir);
  try {
    const first = await bootstrap(store, now);
    if (!first) throw new Error(`seed: ${dataDir} is not empty`);
    const { db } = store;
    // Only this loading connection: the server reopens the file with its own durable settings.
    db.pragma('synchronous = OFF');
    db.pragma('secure_delete = OFF');
    const insertSession = db.prepare(
      `INSERT INTO sessions (id, project_id, user_id, started_at, last_event_at, first_url, pages, clicks, event_count, batch_count,
         stored_bytes, browser, os, device, privacy_redactions, urls)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Chrome 131', 'Linux', 'desktop', 0, ?)`,
    );
    const insertChunk = db.prepare('INSERT INTO chunks (session_id, seq, first_ts, last_ts, event_count, batch_hash, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      fill({
        session: (s) =>
          insertSession.run(s.id, first.projectId, s.userId, s.startedAt, s.lastEventAt, s.firstUrl, s.pages, s.clicks, s.eventCount, s.batchCount, s.storedBytes, s.firstUrl),
        chunk: (c) =>
          insertChunk.run(c.sessionId, c.seq, c.firstTs, c.lastTs, c.eventCount, createHash('sha256').update(`${c.sessionId}/${c.seq}`).digest('hex'), c.body),
      });
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return first;
  } finally {
    await store.close();
  }
}

/** A session id of the recorder's shape (16–64 URL-safe characters), unique per `tag` and `i`. */
export const seedSessionId = (tag: string, i: number): string => `${tag}${String(i).padStart(10, '0')}`;
