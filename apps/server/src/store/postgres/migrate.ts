import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { LOCK, LOCK_CLASS } from './locks.js';
import { PG_MIGRATIONS } from './migrations.js';

/**
 * Brings the schema up to date, once however many servers start at the same moment: the first
 * takes the migration lock, the others wait for it and then find nothing left to do. Also
 * creates the install's secrets (the audit pseudonym key) once, under the same lock.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, LOCK.MIGRATE]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS veil_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)');
      await client.query('INSERT INTO veil_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM veil_schema WHERE id = 1');
      const current = rows[0]!.version;
      if (current > PG_MIGRATIONS.length) {
        throw new Error(`the database's schema (version ${current}) is newer than this Veil (version ${PG_MIGRATIONS.length}): upgrade Veil`);
      }
      for (let version = current; version < PG_MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(PG_MIGRATIONS[version]!);
          await client.query('UPDATE veil_schema SET version = $1 WHERE id = 1', [version + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
      await client.query(
        "INSERT INTO server_secrets (name, value) VALUES ('audit_pseudonym_key', $1) ON CONFLICT (name) DO NOTHING",
        [randomBytes(32).toString('hex')],
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK.MIGRATE]);
    }
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    // A connection that failed mid-way may still hold the lock: destroy it rather than reuse it.
    client.release(broken);
  }
}
