import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, LATEST_SCHEMA_VERSION, type Db } from './db/open-database.js';

/** File in the data dir that says a server is running on it (its pid). */
export const SERVE_LOCK_FILE = 'serve.pid';

/** Marks the data dir as served by this process; answers the function that unmarks it. */
export function markServing(dataDir: string): () => void {
  const file = join(dataDir, SERVE_LOCK_FILE);
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/** The pid of a live server on this data dir, or null. */
export function runningServerPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, SERVE_LOCK_FILE), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * A consistent online copy of the database with SQLite's backup API: it copies pages while
 * ingest goes on and restarts over pages that changed, so the copy is one committed state.
 */
export async function backupDatabase(db: Db, outFile: string): Promise<{ bytes: number; pages: number }> {
  if (existsSync(outFile)) throw new Error(`${outFile} exists already; choose another --out`);
  const result = await db.backup(outFile);
  const check = new Database(outFile, { readonly: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`the backup failed its integrity check: ${String(ok)}`);
  } finally {
    check.close();
  }
  return { bytes: readFileSync(outFile).length, pages: result.totalPages };
}

/**
 * Replaces the data dir's database with a backup, keeping the old one beside it. Refuses while a
 * server runs on the data dir, and refuses a file that is not a sound Veil database.
 */
export function restoreDatabase(dataDir: string, fromFile: string, now: number): { previous: string | null } {
  const pid = runningServerPid(dataDir);
  if (pid !== null) throw new Error(`a Veil server (pid ${pid}) is running on ${dataDir}; stop it first`);
  if (!existsSync(fromFile)) throw new Error(`${fromFile} does not exist`);
  let check: Db;
  try {
    check = new Database(fromFile, { readonly: true, fileMustExist: true });
  } catch {
    throw new Error(`${fromFile} is not a SQLite database`);
  }
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`${fromFile} failed its integrity check`);
    const version = check.pragma('user_version', { simple: true }) as number;
    const hasSessions = check.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'").get();
    if (!hasSessions || version < 1) throw new Error(`${fromFile} is not a Veil database`);
    if (version > LATEST_SCHEMA_VERSION) throw new Error(`${fromFile} comes from a newer Veil (schema ${version} > ${LATEST_SCHEMA_VERSION})`);
  } catch (err) {
    check.close();
    if (err instanceof Error && err.message.startsWith(fromFile)) throw err;
    throw new Error(`${fromFile} is not a Veil database`);
  }
  check.close();
  const target = join(dataDir, DB_FILE);
  let previous: string | null = null;
  if (existsSync(target)) {
    // Fold the WAL into the old file first, so the copy kept aside is complete on its own.
    const old = new Database(target);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    previous = `${target}.before-restore-${now}`;
    renameSync(target, previous);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(fromFile, target);
  return { previous };
}
