import type { ProjectPatch } from '@veil/protocol';
import { newId, newSecret } from '../../util/ids.js';
import { projectPatchColumns, toProject, type ProjectRow } from '../project-row.js';
import type { ProjectStore } from '../types.js';
import type { Db } from './db.js';

const COLUMNS = projectPatchColumns((v) => v);

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
