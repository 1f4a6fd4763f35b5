import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/open-database.js';

/** Every user table of the database (sqlite's own excluded). */
export function tableNames(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
}

/** `table.column` for every cell, in every table, whose text (or blob bytes) contains `needle`. */
export function cellsContaining(db: Db, needle: string): string[] {
  const found: string[] = [];
  for (const table of tableNames(db)) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
        if (text.includes(needle)) found.push(`${table}.${column}`);
      }
    }
  }
  return found;
}

/** The database file and its WAL as raw bytes: what is on the disk, deleted pages included. */
export function rawDatabaseBytes(dataDir: string): Buffer {
  const file = join(dataDir, 'veil.db');
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}
