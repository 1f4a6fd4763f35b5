import pg from 'pg';
import { StoreUnavailableError } from '../types.js';

/** What the PostgreSQL store parts run their SQL through: the pool, or one transaction's connection. */
export interface Db {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /**
   * Runs `fn` atomically: in a transaction of its own on a pooled connection, or, when this Db
   * already is a transaction's connection, as part of that transaction (it commits with it).
   * `snapshot` asks for one consistent read-only view (REPEATABLE READ) when it is its own.
   */
  atomic<T>(fn: (db: Db) => Promise<T>, options?: { snapshot?: boolean }): Promise<T>;
}

/**
 * Error codes that mean the database is out of reach rather than the statement wrong: class 08
 * (connection exception), 57P01-57P03 (shutdown, crash, not accepting connections yet), 53300
 * (too many connections), and the driver's own socket errors.
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Turns "cannot reach the database" errors into StoreUnavailableError (503); others pass as they are. */
export function classify(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  const e = err as { code?: string; message?: string };
  const lost =
    (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) ||
    /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end/i.test(e.message ?? '');
  return lost ? new StoreUnavailableError('the database cannot be reached') : err;
}

/** The pool as a Db: each query on any free connection; `atomic` checks one out for a transaction. */
export function poolDb(pool: pg.Pool): Db {
  const db: Db = {
    async query(sql, values) {
      try {
        return await pool.query(sql, values);
      } catch (err) {
        throw classify(err);
      }
    },
    atomic: (fn, options) => inTransaction(pool, options?.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN', fn),
  };
  return db;
}

/** One checked-out connection inside an open transaction, as a Db. */
export function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    async query(sql, values) {
      try {
        return await client.query(sql, values);
      } catch (err) {
        throw classify(err);
      }
    },
    atomic: (fn) => fn(db),
  };
  return db;
}

/**
 * Checks out a connection, runs `fn` between `begin` and COMMIT, rolls back on a throw. A
 * connection whose rollback failed (lost mid-transaction) is destroyed, not returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (db: Db) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw classify(err);
  }
  let broken: Error | undefined;
  // A checked-out connection that dies between two statements emits 'error' on itself; without a
  // listener that would crash the process. The failed statement that follows reports it.
  const ignore = (err: Error) => (broken = err);
  client.on('error', ignore);
  try {
    await client.query(begin);
    const result = await fn(clientDb(client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw classify(err);
  } finally {
    client.off('error', ignore);
    client.release(broken);
  }
}
