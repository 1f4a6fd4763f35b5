import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, record, startHarness, type Harness } from '../helpers/veil-harness.js';

/** Every read path, with the sweeper never run: an expired recording is as good as gone. */
describe('expired recordings are never served, before any sweep', () => {
  let h: Harness;
  const expired = 'expired-session-00001';
  const live = 'live-session-00000001';
  beforeEach(async () => {
    h = await startHarness();
    const now = Date.now();
    await record(h.store, h.project, { sessionId: expired, userId: 'user-expiry', startedAt: now - 31 * DAY_MS });
    await record(h.store, h.project, { sessionId: live, userId: 'user-expiry', startedAt: now - 29 * DAY_MS });
  });
  afterEach(async () => h.close());

  const get = (url: string) => h.app.inject({ url, headers: h.admin });

  it('leaves the expired recording in the database (so what follows is the read filter at work)', async () => {
    expect(h.store.db.prepare('SELECT id FROM sessions ORDER BY id').all()).toEqual([{ id: expired }, { id: live }]);
  });

  it('lists only the live session, with and without filters', async () => {
    for (const query of ['', '?userId=user-expiry', `?projectId=${h.project.id}`, '?urlContains=shop.example', `?from=${Date.now() - 60 * DAY_MS}`]) {
      const res = await get(`/api/v1/sessions${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().sessions.map((s: { id: string }) => s.id), query).toEqual([live]);
    }
  });

  it('answers 404 for its metadata, events and export', async () => {
    for (const path of ['', '/events', '/events?fromSeq=0&limit=1', '/export']) {
      expect((await get(`/api/v1/sessions/${expired}${path}`)).statusCode, path).toBe(404);
      expect((await get(`/api/v1/sessions/${live}${path}`)).statusCode, path).toBe(200);
    }
  });

  it('leaves it out of the end user’s export', async () => {
    const res = await get('/api/v1/users/user-expiry/export');
    expect(res.statusCode).toBe(200);
    expect(res.json().sessions.map((s: { session: { id: string } }) => s.session.id)).toEqual([live]);
  });

  it('hides a live session at once when retention is lowered below its age', async () => {
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { retentionDays: 7 } });
    expect(patch.statusCode).toBe(200);
    expect((await get(`/api/v1/sessions/${live}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/sessions/${live}/events`)).statusCode).toBe(404);
    expect((await get(`/api/v1/sessions/${live}/export`)).statusCode).toBe(404);
    expect((await get('/api/v1/sessions')).json().sessions).toEqual([]);
  });

  it('serves no chunks of it from the store either', async () => {
    expect(await h.store.sessions.chunks(expired, Date.now())).toEqual([]);
    expect(await h.store.sessions.chunks(live, Date.now())).toHaveLength(1);
    expect(await h.store.sessions.idsOfUser('user-expiry', Date.now())).toEqual([live]);
  });
});
