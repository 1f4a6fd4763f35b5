import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELETE_BATCH } from '../../src/deletion/delete-in-batches.js';
import { runRetentionSweep } from '../../src/retention.js';
import { DAY_MS, record, rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

/**
 * A change and its audit entry commit in one transaction. To prove it, the audit append is made
 * to fail for real: a trigger on the SQLite file refuses the entry's insert, as a full disk or a
 * crash between the two writes would leave it. The change must then not have happened.
 */
describe('a change and its audit entry commit together', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  /** From now on, inserting an audit entry for `action` fails inside the database. */
  const auditFails = (action: string) =>
    h.store.db.exec(
      `CREATE TRIGGER refuse_audit_${action.replace(/\W/g, '_')} BEFORE INSERT ON audit_log WHEN NEW.action = '${action}'
       BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`,
    );
  const auditWorksAgain = (action: string) => h.store.db.exec(`DROP TRIGGER refuse_audit_${action.replace(/\W/g, '_')}`);
  const entries = (action: string) => h.store.audit.list({ action, limit: 100 });
  const sessionCount = () => (h.store.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  const post = (sessionId: string, seq: number) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': h.boot.projectKey },
      payload: gzipSync(JSON.stringify(rrwebBatch({ sessionId, startedAt: Date.now() - 20_000 }, seq))),
    });
  const recordSessions = async (userId: string, n: number) => {
    for (let i = 0; i < n; i++) {
      await record(h.store, h.project, { sessionId: `erasure-${userId}-${String(i).padStart(6, '0')}`, userId, startedAt: Date.now() - 60_000 });
    }
  };

  it('a key rotation whose audit entry fails does not rotate the key', async () => {
    auditFails('project.rotate_key');
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/projects/${h.project.id}/rotate-key`, headers: h.admin, payload: { graceHours: 0 } });

    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect((await h.store.projects.get(h.project.id))!.key).toBe(h.project.key);
    expect((await h.store.projects.getByKey(h.project.key))?.id).toBe(h.project.id);
    expect(await entries('project.rotate_key')).toEqual([]);
  });

  it('deleting one session whose audit entry fails keeps the session, and does not mark it erased', async () => {
    expect((await post('audited-delete-000001', 0)).statusCode).toBe(200);
    auditFails('session.delete');

    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/sessions/audited-delete-000001', headers: h.admin });

    expect(res.statusCode).toBe(500);
    expect(await h.store.sessions.get('audited-delete-000001', Date.now())).not.toBeNull();
    expect((await post('audited-delete-000001', 1)).statusCode).toBe(200);
  });

  it('an erasure whose audit entry fails deletes nothing', async () => {
    await recordSessions('subject', 3);
    auditFails('user.delete');

    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/users/subject/sessions', headers: h.admin });

    expect(res.statusCode).toBe(500);
    expect(await h.store.sessions.idsOfUser('subject', Date.now())).toHaveLength(3);
  });

  it('a bulk erasure cut short leaves every deleted session covered by a "started" entry; run again, it finishes', async () => {
    await recordSessions('many', DELETE_BATCH + 5);
    // The first transaction (a full batch, with more to come) writes user.delete_started; the
    // final entry, in the last batch's transaction, fails.
    auditFails('user.delete');

    expect((await h.app.inject({ method: 'DELETE', url: '/api/v1/users/many/sessions', headers: h.admin })).statusCode).toBe(500);
    expect(await h.store.sessions.idsOfUser('many', Date.now())).toHaveLength(5);
    expect(await entries('user.delete_started')).toMatchObject([{ target: h.store.audit.userRef('many'), details: { deleted: DELETE_BATCH } }]);
    expect(await entries('user.delete')).toEqual([]);

    auditWorksAgain('user.delete');
    const again = await h.app.inject({ method: 'DELETE', url: '/api/v1/users/many/sessions', headers: h.admin });
    expect(again.json()).toEqual({ deleted: 5 });
    expect(await entries('user.delete')).toMatchObject([{ details: { deleted: 5 } }]);
  });

  it('an erasure that fits one transaction writes a single entry, with the count', async () => {
    await recordSessions('few', 3);
    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/users/few/sessions', headers: h.admin });
    expect(res.json()).toEqual({ deleted: 3 });
    expect(await entries('user.delete')).toMatchObject([{ details: { deleted: 3 } }]);
    expect(await entries('user.delete_started')).toEqual([]);
  });

  it("deleting a project's sessions whose audit entry fails deletes nothing", async () => {
    await recordSessions('project-user', 2);
    auditFails('project.sessions_delete');

    const res = await h.app.inject({ method: 'DELETE', url: `/api/v1/projects/${h.project.id}/sessions`, headers: h.admin });

    expect(res.statusCode).toBe(500);
    expect(sessionCount()).toBe(2);
  });

  it('revoking a token whose audit entry fails leaves the token working', async () => {
    const viewer = await h.bearer('viewer');
    auditFails('token.revoke');

    expect((await h.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${viewer.tokenId}`, headers: h.admin })).statusCode).toBe(500);
    expect(await h.store.tokens.verify(viewer.token, Date.now())).not.toBeNull();
  });

  it('creating a token or a project, or changing settings, whose audit entry fails changes nothing', async () => {
    auditFails('token.create');
    auditFails('project.create');
    auditFails('project.update');
    const tokensBefore = await h.store.tokens.count();

    expect((await h.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.admin, payload: { role: 'admin' } })).statusCode).toBe(500);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/projects', headers: h.admin, payload: { name: 'Unaudited' } })).statusCode).toBe(500);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { enabled: false } });

    expect(patch.statusCode).toBe(500);
    expect(await h.store.tokens.count()).toBe(tokensBefore);
    expect((await h.store.projects.list()).map((p) => p.name)).toEqual([h.project.name]);
    expect((await h.store.projects.get(h.project.id))!.enabled).toBe(true);
  });

  it('a retention sweep whose audit entry fails deletes nothing, and the next sweep records what it deletes', async () => {
    const old = Date.now() - 40 * DAY_MS;
    await record(h.store, h.project, { sessionId: 'expired-session-000001', startedAt: old });
    await record(h.store, h.project, { sessionId: 'expired-session-000002', startedAt: old });
    auditFails('retention.sweep');

    await expect(runRetentionSweep(h.store, Date.now())).rejects.toThrow();
    expect(sessionCount()).toBe(2);

    auditWorksAgain('retention.sweep');
    expect((await runRetentionSweep(h.store, Date.now())).deleted).toBe(2);
    expect(sessionCount()).toBe(0);
    expect((await entries('retention.sweep'))[0]!.details).toMatchObject({ deleted: 2 });
  });

  it('the first start creates its project, admin token and audit entry together or not at all', async () => {
    const { createSqliteStore } = await import('../../src/store/sqlite-store.js');
    const { bootstrap } = await import('../../src/bootstrap.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'veil-bootstrap-'));
    const store = createSqliteStore(dir);
    try {
      store.db.exec(`CREATE TRIGGER refuse_bootstrap BEFORE INSERT ON audit_log WHEN NEW.action = 'bootstrap' BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);
      await expect(bootstrap(store, Date.now())).rejects.toThrow();
      expect(await store.projects.list()).toEqual([]);
      expect(await store.tokens.count()).toBe(0);
      store.db.exec('DROP TRIGGER refuse_bootstrap');
      expect(await bootstrap(store, Date.now())).not.toBeNull();
      expect(await bootstrap(store, Date.now())).toBeNull();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
