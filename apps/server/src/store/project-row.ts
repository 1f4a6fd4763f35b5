import type { Project, ProjectPatch } from '@veil/protocol';

/** A projects row as both adapters read it (same columns; `enabled` is 0/1 in SQLite, boolean in PostgreSQL). */
export interface ProjectRow {
  id: string;
  name: string;
  ingest_key: string;
  enabled: boolean | number;
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

/** The API's project of a row. */
export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    key: row.ingest_key,
    enabled: row.enabled === true || row.enabled === 1,
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

/** Where each patchable setting is stored and how its value is written; `encodeBoolean` is the database's. */
export function projectPatchColumns(
  encodeBoolean: (v: boolean) => unknown,
): Record<keyof ProjectPatch, { column: string; encode: (v: never) => unknown }> {
  const json = (v: string[]) => JSON.stringify(v);
  const same = (v: unknown) => v;
  return {
    name: { column: 'name', encode: same },
    enabled: { column: 'enabled', encode: encodeBoolean },
    retentionDays: { column: 'retention_days', encode: same },
    privacyLevel: { column: 'privacy_level', encode: same },
    sampleRate: { column: 'sample_rate', encode: same },
    allowedOrigins: { column: 'allowed_origins', encode: json },
    urlAllowlist: { column: 'url_allowlist', encode: json },
    replayAssetOrigins: { column: 'replay_asset_origins', encode: json },
  };
}
