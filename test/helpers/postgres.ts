/**
 * PostgreSQL for tests. The run's global setup (postgres-global-setup.ts) starts one throwaway
 * cluster when PostgreSQL is installed; a test file asks it for a fresh database:
 *
 * @example
 * const url = await postgresTestDatabase(); // null without PostgreSQL
 * describe.skipIf(!hasPostgres())('on PostgreSQL', () => { … });
 */
export { hasPostgres, postgresTestDatabase } from '../../apps/server/test/store/support/test-database.js';
export { findPostgresBinaries, startPostgres, type PostgresCluster } from './postgres-cluster.js';
