import { gunzipSync } from 'node:zlib';
import pg from 'pg';

/**
 * Everything stored in a Veil PostgreSQL database, as text: every table's rows, every chunk
 * decompressed (the PostgreSQL counterpart of dumpStoredText). A secret absent from this is
 * absent from the database's rows.
 */
export async function dumpPostgresText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const parts: string[] = [];
    const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    for (const { tablename } of tables.rows) {
      for (const row of (await client.query(`SELECT * FROM "${tablename}"`)).rows as Array<Record<string, unknown>>) {
        for (const value of Object.values(row)) {
          if (Buffer.isBuffer(value)) parts.push(value[0] === 0x1f ? gunzipSync(value).toString('utf8') : value.toString('latin1'));
          else parts.push(typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
        }
      }
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
