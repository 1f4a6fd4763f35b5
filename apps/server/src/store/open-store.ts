import type { ServerConfig } from '../config.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

/** The store could not be opened (database unreachable, login refused…); the message is one line for the operator. */
export class StoreOpenError extends Error {}

/**
 * Opens the store the configuration names: PostgreSQL when VEIL_DATABASE_URL (or DATABASE_URL)
 * is set, shared by every server and CLI with the same URL; otherwise the SQLite file in the data
 * dir. Rejects with StoreOpenError when PostgreSQL cannot be opened (the server exits 2).
 */
export async function openStore(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>,
  options: { onConnectionError?: (err: Error) => void } = {},
): Promise<Store> {
  if (config.databaseUrl) {
    try {
      return await openPostgresStore(config.databaseUrl, options);
    } catch (err) {
      throw new StoreOpenError((err as Error).message);
    }
  }
  return createSqliteStore(config.dataDir);
}
