import { backupDatabase } from '../backup.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { databaseHealth, databaseStats } from './sqlite/database-info.js';
import { sqliteAuditStore } from './sqlite/audit.js';
import { sqliteProjectStore } from './sqlite/projects.js';
import { reclaimSpace } from './sqlite/reclaim-space.js';
import { sqliteSessionStore } from './sqlite/sessions.js';
import { sqliteTokenStore } from './sqlite/tokens.js';
import type { Store, StoreTx } from './types.js';

/** The embedded default store: one SQLite file in the data dir. */
export function createSqliteStore(dataDir: string): Store & { db: Db } {
  const db = openDatabase(dataDir);
  // One connection: the parts a transaction writes through are the store's own.
  const parts: StoreTx = {
    projects: sqliteProjectStore(db),
    tokens: sqliteTokenStore(db),
    sessions: sqliteSessionStore(db),
    audit: sqliteAuditStore(db),
  };
  return {
    db,
    ...parts,
    // IMMEDIATE takes the write lock up front: a read-then-write inside cannot meet SQLITE_BUSY
    // half-way (the CLI and the server share the file). Nested, better-sqlite3 uses a savepoint.
    transaction: (fn) => db.transaction(fn).immediate(parts),
    reclaimSpace: (maxPages) => reclaimSpace(db, maxPages),
    stats: () => databaseStats(db),
    health: () => databaseHealth(db),
    backup: (outFile) => backupDatabase(db, outFile),
    close: () => db.close(),
  };
}
