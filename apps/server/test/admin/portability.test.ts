import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { importedSessionId } from '../../src/portability/import-session.js';
import { multipartForm } from '../helpers/multipart.js';
import { forEachBackend, record, startHarness, type Harness } from '../helpers/veil-harness.js';

forEachBackend('export and import', (backend) => {
  let h: Harness<Store>;
  beforeEach(async () => {
    h = await startHarness(undefined, { backend });
    await record(h.store, h.project, { sessionId: 'portable-session-0001', userId: 'portable-user', startedAt: Date.now() - 60_000, text: 'Order total 42', batches: 3 });
  });
  afterEach(async () => h.close());

  const exportSession = (id = 'portable-session-0001', headers = h.admin) => h.app.inject({ url: `/api/v1/sessions/${id}/export`, headers });
  const importFile = (body: string | Buffer, fields: Record<string, string> = {}, contentType = 'application/json') => {
    const form = multipartForm(fields, { name: 'file', filename: 'session.json', contentType, body });
    return h.app.inject({ method: 'POST', url: '/api/v1/import', headers: { ...h.admin, ...form.headers }, payload: form.payload });
  };
  const eventsOf = async (id: string) => (await h.app.inject({ url: `/api/v1/sessions/${id}/events`, headers: h.admin })).json();

  it('exports a session as an attachment: metadata and the events in their batches, audited', async () => {
    const viewer = await h.bearer('viewer');
    const res = await exportSession('portable-session-0001', viewer);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="veil-session-portable-session-0001.json"');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const file = res.json();
    expect(file).toMatchObject({ format: 'veil.session-export', version: 1, session: { id: 'portable-session-0001', userId: 'portable-user', eventCount: 9 } });
    expect(file.batches.map((b: { seq: number }) => b.seq)).toEqual([0, 1, 2]);
    expect(file.batches.flatMap((b: { events: unknown[] }) => b.events)).toEqual(await eventsOf('portable-session-0001'));
    expect(await h.store.audit.list({ action: 'session.export', limit: 5 })).toMatchObject([{ actor: viewer.tokenId, target: 'portable-session-0001' }]);
  });

  it('round-trips: an imported export replays the same events, and importing it again changes nothing', async () => {
    const other = await h.store.projects.create('Imported', Date.now());
    const file = (await exportSession()).body;
    const first = await importFile(file, { projectId: other.id });
    expect(first.statusCode).toBe(201);
    const result = first.json();
    expect(result).toMatchObject({ sourceSessionId: 'portable-session-0001', projectId: other.id, batches: 3, duplicates: 0 });
    expect(result.sessionId).toBe(importedSessionId(other.id, 'portable-session-0001'));
    expect(await eventsOf(result.sessionId)).toEqual(await eventsOf('portable-session-0001'));
    const meta = (await h.app.inject({ url: `/api/v1/sessions/${result.sessionId}`, headers: h.admin })).json();
    expect(meta).toMatchObject({ userId: 'portable-user', projectId: other.id, eventCount: 9, startedAt: JSON.parse(file).session.startedAt });

    const again = await importFile(gzipSync(file), { projectId: other.id }, 'application/gzip');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ sessionId: result.sessionId, batches: 3, duplicates: 3 });
    expect(await h.store.sessions.list({ projectId: other.id, limit: 10 }, Date.now())).toHaveLength(1);
    expect(await h.store.audit.list({ action: 'session.import', limit: 5 })).toHaveLength(2);
  });

  it('imports into the first project when no projectId is given, beside the original', async () => {
    const res = await importFile((await exportSession()).body);
    expect(res.statusCode).toBe(201);
    expect(res.json().projectId).toBe(h.project.id);
    expect(await h.store.sessions.list({ limit: 10 }, Date.now())).toHaveLength(2);
  });

  it('puts imported events through the server-side privacy scrub, like ingest', async () => {
    const file = JSON.parse((await exportSession()).body);
    file.batches[0].events[1].data.node.childNodes[0].childNodes[0].textContent = 'Mail me at jane.doe@example.com';
    const res = await importFile(JSON.stringify(file));
    expect(res.statusCode).toBe(201);
    const stored = JSON.stringify(await eventsOf(res.json().sessionId));
    expect(stored).not.toContain('jane.doe@example.com');
    expect((await h.app.inject({ url: `/api/v1/sessions/${res.json().sessionId}`, headers: h.admin })).json().privacyRedactions).toBeGreaterThan(0);
  });

  it('refuses files that are not exports, or hold invalid events, and stores nothing of them', async () => {
    const bad = async (body: string, pattern: RegExp) => {
      const res = await importFile(body);
      expect(res.statusCode, body.slice(0, 60)).toBe(400);
      expect(res.json().error.message).toMatch(pattern);
    };
    await bad('not json', /^file:/);
    await bad('{"format":"something-else"}', /^format:/);
    const file = JSON.parse((await exportSession()).body);
    file.batches[2].events[0].timestamp = 'yesterday';
    await bad(JSON.stringify(file), /^batches\.2: events\.0\.timestamp/);
    expect((await h.store.sessions.list({ limit: 10 }, Date.now())).map((s) => s.id)).toEqual(['portable-session-0001']);
    const empty = multipartForm({ projectId: h.project.id });
    const noFile = await h.app.inject({ method: 'POST', url: '/api/v1/import', headers: { ...h.admin, ...empty.headers }, payload: empty.payload });
    expect(noFile.json().error.code).toBe('invalid_import');
    const notMultipart = await h.app.inject({ method: 'POST', url: '/api/v1/import', headers: h.admin, payload: { format: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
    expect((await importFile(JSON.stringify(file), { projectId: 'prj_nope' })).statusCode).toBe(404);
  });

  it('refuses a recording older than the target project keeps recordings', async () => {
    const file = JSON.parse((await exportSession()).body);
    for (const batch of file.batches) for (const e of batch.events) e.timestamp -= 40 * 86_400_000;
    const res = await importFile(JSON.stringify(file));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/older than the project's retention/);
    expect(await h.store.sessions.list({ limit: 10 }, Date.now())).toHaveLength(1);
    expect(await h.rowCount('sessions')).toBe(1);
  });

  it('exports everything stored about one end user, across projects, audited under a pseudonym', async () => {
    const other = await h.store.projects.create('Second', Date.now());
    await record(h.store, (await h.store.projects.get(other.id))!, { sessionId: 'portable-session-0002', userId: 'portable-user', startedAt: Date.now() - 30_000 });
    await record(h.store, h.project, { sessionId: 'someone-else-session1', userId: 'someone-else', startedAt: Date.now() - 30_000 });
    const res = await h.app.inject({ url: '/api/v1/users/portable-user/export', headers: h.admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="veil-user-export.json"');
    const file = res.json();
    expect(file).toMatchObject({ format: 'veil.user-export', userId: 'portable-user' });
    expect(file.sessions.map((s: { session: { id: string } }) => s.session.id)).toEqual(['portable-session-0001', 'portable-session-0002']);
    expect(file.sessions[0].batches).toHaveLength(3);
    const [entry] = await h.store.audit.list({ action: 'user.export', limit: 1 });
    expect(entry).toMatchObject({ target: h.store.audit.userRef('portable-user'), details: { sessions: 2 } });
    expect(JSON.stringify(entry)).not.toContain('portable-user');
    expect((await h.app.inject({ url: '/api/v1/users/portable-user/export', headers: await h.bearer('viewer') })).statusCode).toBe(403);
  });
});
