import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** File name of the database inside the data dir. */
export const DB_FILE = 'veil.db';

/**
 * Opens (creating if needed) the database in `dataDir` and brings its schema up to date.
 *
 * WAL lets the CLI and the server use the file at once. `synchronous = FULL` makes every commit
 * durable on power loss, not only on a process crash: ingest acknowledges a batch only after its
 * commit, and that promise must survive the machine going down. `secure_delete` overwrites
 * deleted content, and incremental auto-vacuum lets the retention sweep give space back.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, DB_FILE));
  // auto_vacuum only takes effect on an empty database, so set it before the first table exists.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies the migrations this database has not seen yet. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** The schema version the code expects. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
