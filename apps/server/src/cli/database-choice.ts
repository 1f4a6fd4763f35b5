import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ServerConfig } from '../config.js';
import { DB_FILE } from '../db/open-database.js';
import { safeLocation } from '../store/postgres/open-error.js';
import { UsageError } from './args.js';

/**
 * The wrong database is the CLI's worst mistake: run from another folder, the default `./data`
 * names a folder the server never used. So a command opens an SQLite file that does not exist
 * only when it creates things (`project create`) or the operator named the place (`--data-dir`),
 * and every command says on stderr which database it opened.
 */

/** The database was not found where the CLI looked; the message says where and how to point it elsewhere. */
export class NoDatabaseError extends Error {}

/** Applies `--data-dir DIR` (a global flag, taken out of `flags`) to the config; answers whether it was given. */
export function applyDataDirFlag(flags: Map<string, string | true>, config: ServerConfig): boolean {
  const value = flags.get('data-dir');
  if (value === undefined) return false;
  flags.delete('data-dir');
  if (value === true || value === '' || value.includes('\0')) throw new UsageError('--data-dir needs a folder');
  if (config.databaseUrl) throw new UsageError('--data-dir names an SQLite folder, but VEIL_DATABASE_URL (or DATABASE_URL) selects PostgreSQL; give one or the other');
  const dir = isAbsolute(value) ? value : resolve(value);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--data-dir ${dir} is a file, not a folder`);
  config.dataDir = dir;
  config.effective = { ...config.effective, VEIL_DATA_DIR: dir };
  return true;
}

/** Throws NoDatabaseError when the command would create an SQLite database nobody asked for. */
export function refuseNewDatabase(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>, mayCreate: boolean): void {
  if (config.databaseUrl || mayCreate) return;
  const file = join(config.dataDir, DB_FILE);
  if (existsSync(file)) return;
  throw new NoDatabaseError(
    `no Veil database at ${file}. Run veil where the server runs (the repository root by default), ` +
      'or point it at the server\'s data with VEIL_DATA_DIR=/path/to/data or --data-dir /path/to/data ' +
      '(with PostgreSQL: VEIL_DATABASE_URL). Nothing was created.',
  );
}

/** One line naming the database a command opened, never a password. */
export function describeDatabase(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): string {
  return config.databaseUrl ? `PostgreSQL at ${safeLocation(config.databaseUrl)}` : join(config.dataDir, DB_FILE);
}
