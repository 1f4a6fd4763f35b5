import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { DAY_MS, record } from '../helpers/veil-harness.js';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const BIN = join(REPO, 'apps/server/bin/veil.js');

/** The built `veil` command (run `node scripts/build.mjs` first; `npm test` does). */
describe('veil CLI', () => {
  let dir: string;
  beforeAll(() => {
    expect(existsSync(join(REPO, 'apps/server/dist/cli.js')), 'apps/server/dist/cli.js: run node scripts/build.mjs').toBe(true);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'veil-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const veil = (...args: string[]) => {
    const run = spawnSync(process.execPath, [BIN, ...args, '--json'], {
      env: { ...process.env, VEIL_DATA_DIR: dir, VEIL_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: run.status, json: run.stdout ? JSON.parse(run.stdout) : null, stderr: run.stderr };
  };
  /** Writes fixtures through the store itself, then closes it before the CLI opens the file. */
  const withStore = async <T>(fn: (store: ReturnType<typeof createSqliteStore>) => Promise<T>): Promise<T> => {
    const store = createSqliteStore(dir);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  it('creates a project and rotates its key with a grace period', async () => {
    const created = veil('project', 'create', '--name', 'Shop');
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ name: 'Shop', key: expect.stringMatching(/^pk_/) });
    const rotated = veil('project', 'rotate-key', '--id', created.json.id, '--grace-hours', '2');
    expect(rotated.code).toBe(0);
    expect(rotated.json.key).not.toBe(created.json.key);
    expect(Date.parse(rotated.json.previousKeyValidUntil) - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
    await withStore(async (store) => expect((await store.projects.getByKey(created.json.key))?.id).toBe(created.json.id));
    const now = veil('project', 'rotate-key', '--id', created.json.id, '--grace-hours', '0');
    expect(now.json.previousKeyValidUntil).toBeNull();
    expect(veil('project', 'rotate-key', '--id', created.json.id, '--grace-hours', '721').code).toBe(2);
    expect(veil('project', 'rotate-key', '--id', 'prj_nope').code).toBe(2);
  });

  it('deletes sessions by id, by end user and by project, answering the counts', async () => {
    const project = veil('project', 'create', '--name', 'Shop').json;
    const other = veil('project', 'create', '--name', 'Other').json;
    await withStore(async (store) => {
      const p = (await store.projects.get(project.id))!;
      const o = (await store.projects.get(other.id))!;
      const t = Date.now() - 60_000;
      await record(store, p, { sessionId: 'cli-session-00000001', userId: 'cli-user', startedAt: t });
      await record(store, p, { sessionId: 'cli-session-00000002', userId: 'cli-user', startedAt: t });
      await record(store, p, { sessionId: 'cli-session-00000003', startedAt: t });
      for (let i = 0; i < 30; i++) await record(store, o, { sessionId: `cli-other-${String(i).padStart(10, '0')}`, startedAt: t });
    });
    expect(veil('sessions', 'delete', '--id', 'cli-session-00000003').json).toEqual({ deleted: 1 });
    expect(veil('sessions', 'delete', '--user', 'cli-user').json).toEqual({ deleted: 2 });
    expect(veil('sessions', 'delete', '--project', other.id).json).toEqual({ deleted: 30 });
    expect(veil('sessions', 'delete', '--id', 'x', '--user', 'y').code).toBe(2);
    await withStore(async (store) => {
      expect(store.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
      expect((await store.audit.list({ action: 'user.delete', limit: 1 }))[0]).toMatchObject({ actor: 'cli', details: { deleted: 2 } });
    });
  });

  it('changes through the same services as the API: a deletion or key rotation whose audit entry fails does not happen', async () => {
    const project = veil('project', 'create', '--name', 'Shop').json;
    await withStore(async (store) => {
      await record(store, (await store.projects.get(project.id))!, { sessionId: 'cli-audited-00000001', userId: 'cli-subject', startedAt: Date.now() - 60_000 });
      // A real failure of the audit append, inside the database file the CLI opens.
      store.db.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action IN ('user.delete', 'project.rotate_key')
        BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);
    });
    expect(veil('sessions', 'delete', '--user', 'cli-subject').code).toBe(1);
    expect(veil('project', 'rotate-key', '--id', project.id, '--grace-hours', '0').code).toBe(1);
    await withStore(async (store) => {
      expect(await store.sessions.idsOfUser('cli-subject', Date.now())).toEqual(['cli-audited-00000001']);
      expect((await store.projects.get(project.id))!.key).toBe(project.key);
    });
  });

  it('exports one end user to a file readable only by its owner', async () => {
    const project = veil('project', 'create', '--name', 'Shop').json;
    await withStore(async (store) => await record(store, (await store.projects.get(project.id))!, { sessionId: 'cli-export-000000001', userId: 'export-me', startedAt: Date.now() - 1_000 }));
    const out = join(dir, 'export.json');
    const res = veil('users', 'export', '--user', 'export-me', '--out', out);
    expect(res.code).toBe(0);
    expect(res.json).toEqual({ sessions: 1, out });
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file).toMatchObject({ format: 'veil.user-export', userId: 'export-me', sessions: [{ session: { id: 'cli-export-000000001' } }] });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(veil('users', 'export', '--user', 'export-me', '--out', out).code).toBe(1); // never overwrites
  });

  it('runs the retention sweep now', async () => {
    const project = veil('project', 'create', '--name', 'Shop').json;
    await withStore(async (store) => await record(store, (await store.projects.get(project.id))!, { sessionId: 'cli-expired-00000001', startedAt: Date.now() - 31 * DAY_MS }));
    expect(veil('retention', 'run').json).toMatchObject({ deleted: 1 });
    expect(veil('retention', 'run').json).toMatchObject({ deleted: 0 });
  });

  it('verifies the audit chain: exit 0 when intact, exit 1 with brokenAt when an entry was edited', async () => {
    veil('project', 'create', '--name', 'A');
    veil('token', 'create', '--role', 'viewer');
    const ok = veil('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, entries: 2 });
    const db = new Database(join(dir, 'veil.db'));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'nothing.happened' WHERE id = 1");
    db.close();
    const broken = veil('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.json).toEqual({ ok: false, brokenAt: 1 });
  });
});
