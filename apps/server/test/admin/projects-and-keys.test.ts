import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

const HOUR_MS = 3_600_000;

describe('projects and ingest key rotation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const ingest = (key: string, seq = 0) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': key },
      payload: gzipSync(JSON.stringify(rrwebBatch({ sessionId: `rotation-session-${key.slice(3, 9)}`, startedAt: Date.now() }, seq))),
    });
  const rotate = (payload?: object) =>
    h.app.inject({ method: 'POST', url: `/api/v1/projects/${h.project.id}/rotate-key`, headers: h.admin, ...(payload ? { payload } : {}) });

  it('creates a project: 201 with its id and a fresh ingest key, audited', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/projects', headers: h.admin, payload: { name: '  Shop  ' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Shop', enabled: true, retentionDays: 30, key: expect.stringMatching(/^pk_/), previousKeyValidUntil: null });
    expect((await h.store.audit.list({ action: 'project.create', limit: 1 }))[0]!.target).toBe(res.json().id);
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/projects', headers: h.admin, payload: { name: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^name:/);
  });

  it('keeps the old key working through the grace period (24 h by default) beside the new one', async () => {
    const oldKey = h.boot.projectKey;
    const before = Date.now();
    const res = await rotate();
    expect(res.statusCode).toBe(200);
    const { key, previousKeyValidUntil } = res.json();
    expect(key).toMatch(/^pk_/);
    expect(key).not.toBe(oldKey);
    expect(Date.parse(previousKeyValidUntil) - before).toBeGreaterThanOrEqual(24 * HOUR_MS);
    expect(Date.parse(previousKeyValidUntil) - before).toBeLessThan(24 * HOUR_MS + 60_000);
    expect((await ingest(key)).statusCode).toBe(200);
    expect((await ingest(oldKey)).statusCode).toBe(200);
    expect((await h.app.inject({ url: `/api/v1/config?key=${oldKey}` })).statusCode).toBe(200);
    // With the clock passed in: the old key stops at the end of the grace period, the new one does not.
    const until = Date.parse(previousKeyValidUntil);
    expect((await h.store.projects.getByKey(oldKey, until - 1))?.id).toBe(h.project.id);
    expect(await h.store.projects.getByKey(oldKey, until)).toBeNull();
    expect((await h.store.projects.getByKey(key, until + 365 * 24 * HOUR_MS))?.id).toBe(h.project.id);
  });

  it('stops the old key at once with graceHours 0', async () => {
    const res = await rotate({ graceHours: 0 });
    expect(res.json().previousKeyValidUntil).toBeNull();
    expect((await ingest(h.boot.projectKey)).statusCode).toBe(401);
    expect((await h.app.inject({ url: `/api/v1/config?key=${h.boot.projectKey}` })).statusCode).toBe(401);
  });

  it('forgets the key of an earlier rotation when the key is rotated again', async () => {
    const first = (await rotate({ graceHours: 48 })).json().key as string;
    await rotate({ graceHours: 48 });
    expect((await ingest(h.boot.projectKey)).statusCode).toBe(401);
    expect((await ingest(first)).statusCode).toBe(200);
  });

  it('validates graceHours (0–720) and the project id', async () => {
    for (const graceHours of [-1, 721, 1.5, '24']) {
      const res = await rotate({ graceHours });
      expect(res.statusCode, String(graceHours)).toBe(400);
      expect(res.json().error.message).toMatch(/^graceHours:/);
    }
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/projects/prj_nope/rotate-key', headers: h.admin })).statusCode).toBe(404);
    expect((await ingest(h.boot.projectKey)).statusCode).toBe(200);
  });

  it('turns recording off and on for a project (the kill switch)', async () => {
    const off = await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { enabled: false } });
    expect(off.json().enabled).toBe(false);
    expect((await ingest(h.boot.projectKey)).statusCode).toBe(403);
    expect((await h.app.inject({ url: `/api/v1/config?key=${h.boot.projectKey}` })).json().enabled).toBe(false);
    await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { enabled: true } });
    expect((await ingest(h.boot.projectKey)).statusCode).toBe(200);
  });

  it('refuses retention outside 1–365 days', async () => {
    for (const retentionDays of [0, 366]) {
      const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { retentionDays } });
      expect(res.statusCode).toBe(400);
    }
  });
});
