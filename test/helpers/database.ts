import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Everything stored in a Veil data dir, as text: every table's rows, every chunk decompressed,
 * and the raw database and WAL files. A secret absent from this is absent from the disk.
 */
export function dumpStoredText(dataDir: string): string {
  const file = join(dataDir, 'veil.db');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const parts: string[] = [];
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
        for (const value of Object.values(row)) {
          if (Buffer.isBuffer(value)) parts.push(value[0] === 0x1f ? gunzipSync(value).toString('utf8') : value.toString('latin1'));
          else parts.push(String(value));
        }
      }
    }
    for (const f of [file, `${file}-wal`]) if (existsSync(f)) parts.push(readFileSync(f).toString('latin1'));
    return parts.join('\n');
  } finally {
    db.close();
  }
}
