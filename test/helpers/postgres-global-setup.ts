import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-cluster.js';

/**
 * Vitest global setup: one throwaway PostgreSQL for the whole run (each test file makes its own
 * database in it, see postgresTestDatabase). Without PostgreSQL installed the PostgreSQL tests
 * skip, unless VEIL_TEST_REQUIRE_POSTGRES=1 (CI), which fails the run instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgres();
  if (!cluster && process.env.VEIL_TEST_REQUIRE_POSTGRES === '1') {
    throw new Error('VEIL_TEST_REQUIRE_POSTGRES=1 but no PostgreSQL is installed (/usr/lib/postgresql/<15+>/bin)');
  }
  project.provide('veilPostgresUrl', cluster?.url ?? null);
  return async () => {
    await cluster?.stop();
  };
}
