import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/open-database.js';

/**
 * Every row of every table (sqlite's own included), in a stable order, as one string: two equal
 * snapshots mean nothing was written in between. Blobs are represented by their SHA-256.
 */
export function snapshotDatabase(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
    const lines = rows.map((row) =>
      JSON.stringify(
        Object.entries(row).map(([column, v]) => [column, Buffer.isBuffer(v) ? `sha256:${createHash('sha256').update(v).digest('hex')}` : v]),
      ),
    );
    out.push(`# ${name} (${rows.length})`, ...lines.sort());
  }
  return out.join('\n');
}
