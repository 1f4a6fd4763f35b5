import type { ProjectPatch } from '@veil/protocol';
import type { Db } from '../../db/open-database.js';
import { newId, newSecret } from '../../util/ids.js';
import { projectPatchColumns, toProject, type ProjectRow } from '../project-row.js';
import type { ProjectStore } from '../types.js';
import type { Sync } from './sync.js';

/** Projects in SQLite. Ingest keys are stored as they are: they are public (embedded in pages) and can only write. */
export function sqliteProjectStore(db: Db): Sync<ProjectStore> {
  const insert = db.prepare('INSERT INTO projects (id, name, ingest_key, created_at) VALUES (?, ?, ?, ?)');
  const byId = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?');
  const byKey = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE ingest_key = ?');
  const byPreviousKey = db.prepare<[string, number], ProjectRow>(
    'SELECT * FROM projects WHERE previous_key = ? AND previous_key_expires_at > ?',
  );
  const rotate = db.prepare(
    'UPDATE projects SET previous_key = ?, previous_key_expires_at = ?, ingest_key = ? WHERE id = ?',
  );
  const all = db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY created_at, id');
  const columns = projectPatchColumns((v) => (v ? 1 : 0));

  return {
    create(name, now) {
      const id = newId('prj', 9);
      insert.run(id, name, newSecret('pk'), now);
      return toProject(byId.get(id)!);
    },
    get(id) {
      const row = byId.get(id);
      return row ? toProject(row) : null;
    },
    getByKey(key, now = Date.now()) {
      const row = byKey.get(key) ?? byPreviousKey.get(key, now);
      return row ? toProject(row) : null;
    },
    rotateKey(id, now, graceMs) {
      const row = byId.get(id);
      if (!row) return null;
      const key = newSecret('pk');
      // With no grace the old key is forgotten at once rather than kept with an expiry.
      const until = graceMs > 0 ? now + graceMs : null;
      rotate.run(until === null ? null : row.ingest_key, until, key, id);
      return { key, previousKeyValidUntil: until };
    },
    list() {
      return all.all().map(toProject);
    },
    update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [field, value] of Object.entries(patch) as Array<[keyof ProjectPatch, never]>) {
        if (value === undefined) continue;
        sets.push(`${columns[field].column} = ?`);
        values.push(columns[field].encode(value));
      }
      if (sets.length > 0) db.prepare(`UPDATE projects SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      return this.get(id);
    },
  };
}
