import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's superuser URL (test/helpers/postgres-global-setup.ts), or null when none runs. */
    veilPostgresUrl: string | null;
  }
}

/**
 * A new, empty database in the run's throwaway PostgreSQL, as a connection URL; null when no
 * PostgreSQL is installed (PostgreSQL tests then `describe.skipIf`). Each call gives another
 * database, so test files never see each other's rows.
 */
export async function postgresTestDatabase(): Promise<string | null> {
  const admin = inject('veilPostgresUrl') ?? null;
  if (!admin) return null;
  const name = `veil_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Whether this run has a PostgreSQL to test against (decided once, by the global setup). */
export function hasPostgres(): boolean {
  return (inject('veilPostgresUrl') ?? null) !== null;
}
