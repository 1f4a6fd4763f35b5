import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellsContaining, rawDatabaseBytes } from '../helpers/db-inspect.js';
import { record, startHarness, type Harness } from '../helpers/veil-harness.js';

/** A recording whose URL (kept in plain text) and page text are unlike anything else stored. */
async function distinctive(h: Harness, sessionId: string, marker: string, userId = 'someone-else', projectId = h.project.id) {
  await record(h.store, (await h.store.projects.get(projectId))!, {
    sessionId,
    userId,
    startedAt: Date.now() - 60_000,
    href: `https://shop.example/wishlist/${marker}`,
    text: `Hello ${marker} page text`,
    batches: 2,
  });
  const blob = (h.store.db.prepare('SELECT body FROM chunks WHERE session_id = ? AND seq = 0').get(sessionId) as { body: Buffer }).body;
  return { url: Buffer.from(marker), blob: blob.subarray(0, 48) };
}

describe('deleting recordings early', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await record(h.store, h.project, { sessionId: 'bystander-session-0001', userId: 'bystander', startedAt: Date.now() - 60_000 });
  });
  afterEach(async () => h.close());

  const del = (url: string, headers: Record<string, string> = h.admin) => h.app.inject({ method: 'DELETE', url, headers });
  const bystanderIntact = async () => {
    const res = await h.app.inject({ url: '/api/v1/sessions/bystander-session-0001/events', headers: h.admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(3);
  };

  it('deletes one session: { deleted: 1 }, nothing of it left in any table or on the disk', async () => {
    const marker = 'zebraquasarone';
    const bytes = await distinctive(h, 'doomed-session-000001', marker);
    // The session was viewed first: that audit entry must survive the deletion.
    expect((await h.app.inject({ url: '/api/v1/sessions/doomed-session-000001/events', headers: h.admin })).statusCode).toBe(200);
    const before = rawDatabaseBytes(h.dir);
    expect(before.includes(bytes.url)).toBe(true);
    expect(before.includes(bytes.blob)).toBe(true);

    const res = await del('/api/v1/sessions/doomed-session-000001');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deleted: 1 });

    expect(cellsContaining(h.store.db, marker)).toEqual([]);
    // Only the audit log still names the (random) id: who viewed it, who deleted it.
    expect(new Set(cellsContaining(h.store.db, 'doomed-session-000001'))).toEqual(new Set(['audit_log.target']));
    const after = rawDatabaseBytes(h.dir);
    expect(after.includes(bytes.url)).toBe(false);
    expect(after.includes(bytes.blob)).toBe(false);
    expect((await h.app.inject({ url: '/api/v1/sessions/doomed-session-000001', headers: h.admin })).statusCode).toBe(404);
    expect((await del('/api/v1/sessions/doomed-session-000001')).statusCode).toBe(404);
    await bystanderIntact();
  });

  it('erases every session of one end user and answers the count; the user id is left nowhere', async () => {
    const other = await h.store.projects.create('Second', Date.now());
    const a = await distinctive(h, 'erase-me-session-0001', 'zebraquasartwo', 'erasable-user-77');
    const b = await distinctive(h, 'erase-me-session-0002', 'zebraquasarthree', 'erasable-user-77', other.id);
    const res = await del('/api/v1/users/erasable-user-77/sessions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deleted: 2 });
    for (const needle of ['erasable-user-77', 'erase-me-session-000', 'zebraquasartwo', 'zebraquasarthree']) {
      expect(cellsContaining(h.store.db, needle), needle).toEqual([]);
    }
    const raw = rawDatabaseBytes(h.dir);
    for (const bytes of [a.url, a.blob, b.url, b.blob, Buffer.from('erasable-user-77')]) expect(raw.includes(bytes)).toBe(false);
    // The erasure is audited with its count, against a pseudonym of the user id.
    const audit = await h.app.inject({ url: '/api/v1/audit?userId=erasable-user-77', headers: h.admin });
    expect(audit.json().entries).toMatchObject([{ action: 'user.delete', details: { deleted: 2 } }]);
    expect((await del('/api/v1/users/erasable-user-77/sessions')).json()).toEqual({ deleted: 0 });
    await bystanderIntact();
  });

  it('deletes every session of one project and leaves other projects alone', async () => {
    const doomed = await h.store.projects.create('Doomed', Date.now());
    for (let i = 0; i < 60; i++) await distinctive(h, `project-sweep-${String(i).padStart(8, '0')}`, `zebraquasarp${i}x`, 'u', doomed.id);
    const res = await del(`/api/v1/projects/${doomed.id}/sessions`);
    expect(res.json()).toEqual({ deleted: 60 });
    expect(cellsContaining(h.store.db, 'project-sweep-')).toEqual([]);
    expect(cellsContaining(h.store.db, 'zebraquasarp')).toEqual([]);
    expect(rawDatabaseBytes(h.dir).includes(Buffer.from('zebraquasarp'))).toBe(false);
    expect(await h.store.projects.get(doomed.id)).not.toBeNull();
    expect((await del('/api/v1/projects/prj_nope/sessions')).statusCode).toBe(404);
    await bystanderIntact();
  });

  it('gives the freed pages back to the file system', async () => {
    for (let i = 0; i < 40; i++) await distinctive(h, `space-session-${String(i).padStart(8, '0')}`, `${'q'.repeat(2000)}${i}`, 'space-user');
    h.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = () => h.store.db.pragma('page_count', { simple: true }) as number;
    const before = pages();
    expect((await del('/api/v1/users/space-user/sessions')).json()).toEqual({ deleted: 40 });
    expect(h.store.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(pages()).toBeLessThan(before);
    console.info(`[figures] db pages before/after deleting 40 sessions: ${before} -> ${pages()} (page ${h.store.db.pragma('page_size', { simple: true })} B)`);
  });

  it('refuses deletion to viewers', async () => {
    const viewer = await h.bearer('viewer');
    expect((await del('/api/v1/sessions/bystander-session-0001', viewer)).statusCode).toBe(403);
    expect((await del('/api/v1/users/bystander/sessions', viewer)).statusCode).toBe(403);
    expect((await del(`/api/v1/projects/${h.project.id}/sessions`, viewer)).statusCode).toBe(403);
    await bystanderIntact();
  });
});
