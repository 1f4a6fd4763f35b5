import type { Project, ProjectPatch } from '@veil/protocol';
import { newId, newSecret } from '../../util/ids.js';
import type { ProjectStore } from '../types.js';
import type { Db } from './db.js';

interface ProjectRow {
  id: string;
  name: string;
  ingest_key: string;
  enabled: boolean;
  retention_days: number;
  privacy_level: 'balanced' | 'strict';
  sample_rate: number;
  allowed_origins: string;
  url_allowlist: string;
  replay_asset_origins: string;
  created_at: number;
  previous_key: string | null;
  previous_key_expires_at: number | null;
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    key: row.ingest_key,
    enabled: row.enabled,
    retentionDays: row.retention_days,
    privacyLevel: row.privacy_level,
    sampleRate: row.sample_rate,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    urlAllowlist: JSON.parse(row.url_allowlist) as string[],
    replayAssetOrigins: JSON.parse(row.replay_asset_origins) as string[],
    createdAt: new Date(row.created_at).toISOString(),
    previousKeyValidUntil:
      row.previous_key_expires_at === null ? null : new Date(row.previous_key_expires_at).toISOString(),
  };
}

const COLUMNS: Record<keyof ProjectPatch, { column: string; encode: (v: never) => unknown }> = {
  name: { column: 'name', encode: (v: string) => v },
  enabled: { column: 'enabled', encode: (v: boolean) => v },
  retentionDays: { column: 'retention_days', encode: (v: number) => v },
  privacyLevel: { column: 'privacy_level', encode: (v: string) => v },
  sampleRate: { column: 'sample_rate', encode: (v: number) => v },
  allowedOrigins: { column: 'allowed_origins', encode: (v: string[]) => JSON.stringify(v) },
  urlAllowlist: { column: 'url_allowlist', encode: (v: string[]) => JSON.stringify(v) },
  replayAssetOrigins: { column: 'replay_asset_origins', encode: (v: string[]) => JSON.stringify(v) },
};

/** Projects in PostgreSQL. Ingest keys are stored as they are: they are public and can only write. */
export function pgProjectStore(db: Db): ProjectStore {
  const one = async (sql: string, values: unknown[]) => {
    const { rows } = await db.query<ProjectRow>(sql, values);
    return rows[0] ? toProject(rows[0]) : null;
  };
  return {
    async create(name, now) {
      const { rows } = await db.query<ProjectRow>(
        'INSERT INTO projects (id, name, ingest_key, created_at) VALUES ($1, $2, $3, $4) RETURNING *',
        [newId('prj', 9), name, newSecret('pk'), now],
      );
      return toProject(rows[0]!);
    },
    get(id) {
      return one('SELECT * FROM projects WHERE id = $1', [id]);
    },
    getByKey(key, now = Date.now()) {
      return one(
        `SELECT * FROM projects WHERE ingest_key = $1
         UNION ALL SELECT * FROM projects WHERE previous_key = $1 AND previous_key_expires_at > $2
         LIMIT 1`,
        [key, now],
      );
    },
    async rotateKey(id, now, graceMs) {
      const key = newSecret('pk');
      // With no grace the old key is forgotten at once rather than kept with an expiry.
      const until = graceMs > 0 ? now + graceMs : null;
      const { rowCount } = await db.query(
        `UPDATE projects SET previous_key = CASE WHEN $2::bigint IS NULL THEN NULL ELSE ingest_key END,
           previous_key_expires_at = $2, ingest_key = $3
         WHERE id = $1`,
        [id, until, key],
      );
      return rowCount ? { key, previousKeyValidUntil: until } : null;
    },
    async list() {
      const { rows } = await db.query<ProjectRow>('SELECT * FROM projects ORDER BY created_at, id');
      return rows.map(toProject);
    },
    update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [id];
      for (const [field, value] of Object.entries(patch) as Array<[keyof ProjectPatch, never]>) {
        if (value === undefined || !(field in COLUMNS)) continue;
        values.push(COLUMNS[field].encode(value));
        sets.push(`${COLUMNS[field].column} = $${values.length}`);
      }
      if (sets.length === 0) return one('SELECT * FROM projects WHERE id = $1', [id]);
      return one(`UPDATE projects SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, values);
    },
  };
}
