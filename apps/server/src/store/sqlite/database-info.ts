import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../../db/open-database.js';
import { LATEST_SCHEMA_VERSION } from '../../db/open-database.js';
import type { StoreHealth, StoreStats } from '../types.js';

/** Sessions and bytes stored, and the size of the files that make up the database (for metrics). */
export function databaseStats(db: Db): StoreStats {
  const row = db.prepare<[], { sessions: number; bytes: number | null }>('SELECT count(*) AS sessions, sum(stored_bytes) AS bytes FROM sessions').get()!;
  return { sessions: row.sessions, bytes: row.bytes ?? 0, databaseBytes: fileSize(db.name) + fileSize(`${db.name}-wal`) };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // no WAL right after a checkpoint truncated it away
  }
}

/** Whether a write transaction can start now, and which schema version the file is at. */
export function databaseHealth(db: Db): StoreHealth {
  let writable = false;
  if (!db.readonly) {
    try {
      // Takes the write lock and gives it back at once: proves the file and its directory accept writes.
      db.exec('BEGIN IMMEDIATE; ROLLBACK;');
      writable = true;
    } catch {
      writable = false;
    }
  }
  return { writable, schemaVersion: db.pragma('user_version', { simple: true }) as number, latestSchemaVersion: LATEST_SCHEMA_VERSION, diskPath: dirname(db.name) };
}
