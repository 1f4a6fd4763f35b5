import { openDatabase, type Db } from '../db/open-database.js';
import { sqliteAuditStore } from './sqlite/audit.js';
import { sqliteProjectStore } from './sqlite/projects.js';
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
    close: () => db.close(),
  };
}
