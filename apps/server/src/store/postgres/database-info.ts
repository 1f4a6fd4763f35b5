import type { StoreHealth, StoreStats } from '../types.js';
import type { Db } from './db.js';
import { PG_LATEST_SCHEMA_VERSION } from './migrations.js';

/** Sessions and bytes stored, and the whole database's size (for metrics). */
export async function pgStats(db: Db): Promise<StoreStats> {
  const { rows } = await db.query<{ sessions: number; bytes: number; database_bytes: number }>(
    `SELECT count(*) AS sessions, coalesce(sum(stored_bytes), 0)::bigint AS bytes,
            pg_database_size(current_database()) AS database_bytes FROM sessions`,
  );
  const r = rows[0]!;
  return { sessions: r.sessions, bytes: r.bytes, databaseBytes: r.database_bytes };
}

/**
 * Readiness: the database answers, is not a read-only standby, and has the schema this code
 * expects. Never throws: a lost database reads as not writable (/readyz 503).
 */
export async function pgHealth(db: Db): Promise<StoreHealth> {
  try {
    const { rows } = await db.query<{ version: number; read_only: boolean }>(
      `SELECT (SELECT version FROM veil_schema WHERE id = 1) AS version,
              pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only`,
    );
    const r = rows[0]!;
    return { writable: !r.read_only, schemaVersion: r.version, latestSchemaVersion: PG_LATEST_SCHEMA_VERSION, diskPath: null };
  } catch {
    return { writable: false, schemaVersion: 0, latestSchemaVersion: PG_LATEST_SCHEMA_VERSION, diskPath: null };
  }
}
