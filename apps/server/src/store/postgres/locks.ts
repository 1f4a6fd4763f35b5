/**
 * Advisory lock keys. The two-int form (class, key) never meets the one-bigint form, which the
 * store uses per session (hashtextextended of the session id), so the two spaces cannot collide.
 */
export const LOCK_CLASS = 0x7e11; // "veil"
export const LOCK = {
  /** Held (session level) while one process runs the migrations. */
  MIGRATE: 1,
  /**
   * Held by every Store.transaction from BEGIN to COMMIT: store transactions run one at a time,
   * as SQLite's IMMEDIATE transactions do, so a check-then-write inside one (the first-start
   * bootstrap's "no project yet?") cannot race another server. Ingest does not take it.
   */
  TRANSACTION: 2,
} as const;

/** SQL that takes the per-session lock of every id in $1 (text[]), in one fixed order (no deadlock between two groups). */
export const LOCK_SESSIONS_SQL = `SELECT pg_advisory_xact_lock(h) FROM
  (SELECT DISTINCT hashtextextended(id, 0) AS h FROM unnest($1::text[]) AS id ORDER BY h) AS keys`;
