import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachBackend } from '../helpers/veil-harness.js';
import { appWithStore, demoBatch, postBatch } from './route-fixtures.js';

forEachBackend('sessions API', (backend) => {
  let t: Awaited<ReturnType<typeof appWithStore>>;
  beforeEach(async () => {
    t = await appWithStore(backend);
  });
  afterEach(async () => t.close());

  it('lists stored sessions newest first with their metadata', async () => {
    const now = Date.now();
    expect((await postBatch(t.app, t.boot.projectKey, demoBatch('older-session-aaaaaa', 0, now - 60_000, { userId: 'u-1' }))).statusCode).toBe(200);
    expect((await postBatch(t.app, t.boot.projectKey, demoBatch('newer-session-bbbbbb', 0, now - 1_000))).statusCode).toBe(200);
    const res = await t.app.inject({ url: '/api/v1/sessions', headers: t.auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.sessions.map((s: { id: string }) => s.id)).toEqual(['newer-session-bbbbbb', 'older-session-aaaaaa']);
    expect(body.nextCursor).toBeNull();
    expect(body.sessions[1]).toMatchObject({ userId: 'u-1', pages: 1, clicks: 1, eventCount: 3, durationMs: 1000, firstUrl: 'https://shop.example/cart' });
  });

  it('pages through the list with the cursor, without repeats or gaps', async () => {
    const now = Date.now();
    const ids = Array.from({ length: 7 }, (_, i) => `paged-session-${String(i).padStart(6, '0')}`);
    for (const [i, id] of ids.entries()) await postBatch(t.app, t.boot.projectKey, demoBatch(id, 0, now - i * 1000));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/sessions?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body: { sessions: Array<{ id: string }>; nextCursor: string | null } = (await t.app.inject({ url, headers: t.auth })).json();
      seen.push(...body.sessions.map((s) => s.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('filters by end user, URL and minimum duration', async () => {
    const now = Date.now();
    await postBatch(t.app, t.boot.projectKey, demoBatch('user-one-session-aaa', 0, now - 5000, { userId: 'alice', href: 'https://shop.example/checkout' }));
    await postBatch(t.app, t.boot.projectKey, demoBatch('user-two-session-bbb', 0, now - 4000, { userId: 'bob' }));
    const get = async (q: string) =>
      (await t.app.inject({ url: `/api/v1/sessions?${q}`, headers: t.auth })).json().sessions.map((s: { id: string }) => s.id);
    expect(await get('userId=alice')).toEqual(['user-one-session-aaa']);
    expect(await get('urlContains=checkout')).toEqual(['user-one-session-aaa']);
    expect(await get('minDurationMs=5000')).toEqual([]);
    expect(await get('minDurationMs=1000')).toHaveLength(2);
  });

  it('answers a bad filter with 400 naming it', async () => {
    const res = await t.app.inject({ url: '/api/v1/sessions?limit=0', headers: t.auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^limit:/);
    const cursor = await t.app.inject({ url: '/api/v1/sessions?cursor=nonsense', headers: t.auth });
    expect(cursor.json().error).toEqual({ code: 'bad_request', message: 'cursor: not a cursor this API gave out' });
  });

  it('returns the events of all batches in seq order as one array', async () => {
    const now = Date.now();
    // Batches arrive out of order (a retry overtook a later one); replay must still be in order.
    await postBatch(t.app, t.boot.projectKey, demoBatch('ordered-session-xyz', 1, now - 3000));
    await postBatch(t.app, t.boot.projectKey, demoBatch('ordered-session-xyz', 0, now - 9000));
    const res = await t.app.inject({ url: '/api/v1/sessions/ordered-session-xyz/events', headers: t.auth });
    expect(res.statusCode).toBe(200);
    const events = res.json();
    expect(events).toHaveLength(6);
    expect(JSON.stringify(events).indexOf('batch 0')).toBeLessThan(JSON.stringify(events).indexOf('batch 1'));
  });

  it('pages events by batch with X-Veil-Next-Seq', async () => {
    const now = Date.now();
    for (let seq = 0; seq < 3; seq++) await postBatch(t.app, t.boot.projectKey, demoBatch('windowed-session-xy', seq, now - 9000 + seq * 2000));
    const first = await t.app.inject({ url: '/api/v1/sessions/windowed-session-xy/events?limit=2', headers: t.auth });
    expect(first.json()).toHaveLength(6);
    expect(first.headers['x-veil-next-seq']).toBe('2');
    const rest = await t.app.inject({ url: '/api/v1/sessions/windowed-session-xy/events?fromSeq=2&limit=2', headers: t.auth });
    expect(rest.json()).toHaveLength(3);
    expect(rest.headers['x-veil-next-seq']).toBeUndefined();
  });

  it('answers 404 for an unknown session, and 401 without a token', async () => {
    expect((await t.app.inject({ url: '/api/v1/sessions/nope-nope-nope-nope', headers: t.auth })).statusCode).toBe(404);
    const anon = await t.app.inject({ url: '/api/v1/sessions' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthorized');
  });
});

describe('project names', () => {
  it('gives viewers the ids and names of projects, and nothing else of them', async () => {
    const t = await appWithStore();
    try {
      const viewer = await t.store.tokens.create({ role: 'viewer' }, Date.now());
      const res = await t.app.inject({ url: '/api/v1/project-names', headers: { authorization: `Bearer ${viewer.token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ projects: [{ id: t.boot.projectId, name: 'Default' }] });
      expect(res.body).not.toContain(t.boot.projectKey);
    } finally {
      await t.close();
    }
  });
});

describe('remote config', () => {
  it('serves the project settings for a known key, with CORS for other origins', async () => {
    const t = await appWithStore();
    try {
      const res = await t.app.inject({ url: `/api/v1/config?key=${t.boot.projectKey}`, headers: { origin: 'https://shop.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(res.json()).toEqual({ enabled: true, sampleRate: 1, privacyLevel: 'balanced', urlAllowlist: ['utm_*'], flushIntervalMs: 5000 });
      const unknown = await t.app.inject({ url: '/api/v1/config?key=pk_unknown' });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.code).toBe('invalid_key');
    } finally {
      await t.close();
    }
  });
});
