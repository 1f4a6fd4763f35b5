import { backupDatabase } from '../backup.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { ConnectionGate } from './sqlite/connection-gate.js';
import { databaseHealth, databaseStats } from './sqlite/database-info.js';
import { sqliteAuditStore } from './sqlite/audit.js';
import { sqliteProjectStore } from './sqlite/projects.js';
import { reclaimSpace } from './sqlite/reclaim-space.js';
import { sqliteSessionStore } from './sqlite/sessions.js';
import type { Sync } from './sqlite/sync.js';
import { sqliteTokenStore } from './sqlite/tokens.js';
import type { Store, StoreTx } from './types.js';

/** Runs one synchronous step and answers its outcome as a Promise. */
type Runner = <R>(step: () => R) => Promise<R>;

/** Methods that do no I/O and stay synchronous in the Store interface. */
const PURE = new Set(['userRef']);

/** The asynchronous face of a synchronous part: every call goes through `run`. */
function lift<T extends object>(part: Sync<T>, run: Runner): T {
  const lifted: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(part) as Array<[string, (...args: unknown[]) => unknown]>) {
    lifted[name] = PURE.has(name) ? method.bind(part) : (...args: unknown[]) => run(() => method.apply(part, args));
  }
  return lifted as T;
}

/** The synchronous SQLite parts a StoreTx is lifted from. */
type SyncParts = { [K in keyof StoreTx]: Sync<StoreTx[K]> };

function liftAll(parts: SyncParts, run: Runner): StoreTx {
  return {
    projects: lift(parts.projects, run),
    tokens: lift(parts.tokens, run),
    sessions: lift(parts.sessions, run),
    audit: lift(parts.audit, run),
  };
}

/**
 * The embedded default store: one SQLite file in the data dir, one connection. better-sqlite3
 * is synchronous; the gate (sqlite/connection-gate.ts) keeps a transaction's statements alone
 * on the connection while its function awaits.
 */
export function createSqliteStore(dataDir: string): Store & { db: Db } {
  const db = openDatabase(dataDir);
  const gate = new ConnectionGate();
  const parts: SyncParts = {
    projects: sqliteProjectStore(db),
    tokens: sqliteTokenStore(db),
    sessions: sqliteSessionStore(db),
    audit: sqliteAuditStore(db),
  };
  let inTransaction = false;
  // Inside a transaction its function already holds the gate: its parts run at once.
  const runInTransaction: Runner = (step) => {
    if (!inTransaction) return Promise.reject(new Error('this transaction is over; use the store'));
    try {
      return Promise.resolve(step());
    } catch (err) {
      return Promise.reject(err);
    }
  };
  const tx = liftAll(parts, runInTransaction);
  const run: Runner = (step) => gate.run(step);

  return {
    db,
    ...liftAll(parts, run),
    transaction: (fn) =>
      gate.exclusive(async () => {
        // IMMEDIATE takes the write lock up front: a read-then-write inside cannot meet
        // SQLITE_BUSY half-way (the CLI and the server share the file). The parts' own
        // transactions become savepoints inside this one (better-sqlite3 does that).
        db.exec('BEGIN IMMEDIATE');
        inTransaction = true;
        try {
          const result = await fn(tx);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        } finally {
          inTransaction = false;
        }
      }),
    reclaimSpace: (maxPages) => run(() => reclaimSpace(db, maxPages)),
    stats: () => run(() => databaseStats(db)),
    health: () => run(() => databaseHealth(db)),
    // Not behind the gate: the backup API copies pages in steps across many turns of the event
    // loop, and takes no lock of its own between them.
    backup: (outFile) => backupDatabase(db, outFile),
    close: () =>
      gate.exclusive(async () => {
        db.close();
      }),
  };
}
