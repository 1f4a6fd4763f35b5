import { backupDatabase } from '../backup.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { databaseHealth, databaseStats } from './sqlite/database-info.js';
import { sqliteAuditStore } from './sqlite/audit.js';
import { sqliteProjectStore } from './sqlite/projects.js';
import { reclaimSpace } from './sqlite/reclaim-space.js';
import { sqliteSessionStore } from './sqlite/sessions.js';
import { sqliteTokenStore } from './sqlite/tokens.js';
import type { Store } from './types.js';

/** The embedded default store: one SQLite file in the data dir. */
export function createSqliteStore(dataDir: string): Store & { db: Db } {
  const db = openDatabase(dataDir);
  return {
    db,
    projects: sqliteProjectStore(db),
    tokens: sqliteTokenStore(db),
    sessions: sqliteSessionStore(db),
    audit: sqliteAuditStore(db),
    reclaimSpace: (maxPages) => reclaimSpace(db, maxPages),
    stats: () => databaseStats(db),
    health: () => databaseHealth(db),
    backup: (outFile) => backupDatabase(db, outFile),
    close: () => db.close(),
  };
}
