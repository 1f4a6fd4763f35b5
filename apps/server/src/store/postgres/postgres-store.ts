import pg from 'pg';
import type { Store, StoreTx } from '../types.js';
import { pgAuditStore } from './audit.js';
import { pgHealth, pgStats } from './database-info.js';
import { classify, inTransaction, poolDb, type Db } from './db.js';
import { LOCK, LOCK_CLASS } from './locks.js';
import { migrate } from './migrate.js';
import { describeOpenError } from './open-error.js';
import { pgProjectStore } from './projects.js';
import { pgSessionStore } from './sessions.js';
import { pgTokenStore } from './tokens.js';

/** Connections per process; several servers and the CLI each have their own pool. */
const POOL_SIZE = 10;
/** How long a query waits for a free connection (or a new one) before it fails (503, not a hang). */
const CONNECT_TIMEOUT_MS = 5_000;

const INT8_OID = 20;

/**
 * bigint columns (epoch ms, counts, sizes) come back as numbers, not strings: every value Veil
 * stores in one is far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresStoreOptions {
  /** Told about errors of idle pooled connections (the database went away); they never crash the process. */
  onConnectionError?: (err: Error) => void;
}

/**
 * Opens the PostgreSQL store at `url`: connects, runs the migrations (once across servers),
 * loads the install's secrets. Rejects with one clear line (no password in it) when the
 * database cannot be reached or refuses the login.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'veil',
    types,
  });
  // Without a listener an idle connection's error (the database restarted) would crash the process.
  pool.on('error', (err) => options.onConnectionError?.(err));
  let pseudonymKey: string;
  try {
    await migrate(pool);
    const { rows } = await pool.query<{ value: string }>("SELECT value FROM server_secrets WHERE name = 'audit_pseudonym_key'");
    pseudonymKey = rows[0]!.value;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(describeOpenError(err, url));
  }

  const partsOf = (db: Db): StoreTx => ({
    projects: pgProjectStore(db),
    tokens: pgTokenStore(db),
    sessions: pgSessionStore(db),
    audit: pgAuditStore(db, pseudonymKey),
  });
  const db = poolDb(pool);
  let closed = false;
  return {
    ...partsOf(db),
    transaction(fn) {
      return inTransaction(pool, 'BEGIN', async (tx) => {
        // Store transactions run one at a time across servers (see LOCK.TRANSACTION).
        await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK.TRANSACTION]);
        return fn(partsOf(tx));
      });
    },
    // Deleted rows are reclaimed by autovacuum (see the README: "Running several servers").
    reclaimSpace: async () => 0,
    stats: () => pgStats(db),
    health: () => pgHealth(db),
    backup: async () => {
      throw new Error('veil backup copies the SQLite file; with PostgreSQL use pg_dump instead, e.g. pg_dump --format=custom --file=veil.dump "$VEIL_DATABASE_URL"');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch((err: unknown) => {
        throw classify(err);
      });
    },
  };
}
