import { gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_RATE_LIMIT } from '../../src/ingest/ingest-options.js';
import { startIngestApp, type IngestApp } from '../helpers/ingest-app.js';
import { multipartForm } from '../helpers/multipart.js';
import { record, startHarness } from '../helpers/veil-harness.js';
import { errorOf, INGEST_URL, multipartBody, postFetch, validBatch } from '../helpers/ingest-requests.js';

const CLIENT_A = '198.51.100.10';
const CLIENT_B = '198.51.100.11';
const BASE_MS = Date.now() - 60_000;
const batchNo = (seq: number) => validBatch({ seq, startMs: BASE_MS + seq });

let t: IngestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The recorder's beacon (a key field, then a gzip batch file) from `remoteAddress`. */
function postBeaconFrom(app: IngestApp['app'], key: string, batch: unknown, remoteAddress: string): Promise<LightMyRequestResponse> {
  const { body, contentType } = multipartBody([
    { name: 'key', value: key },
    { name: 'batch', filename: 'batch', type: 'application/gzip', data: gzipSync(JSON.stringify(batch)) },
  ]);
  return app.inject({ method: 'POST', url: INGEST_URL, headers: { 'content-type': contentType }, payload: body, remoteAddress });
}

function expectRateLimited(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(429);
  expect(errorOf(response).code).toBe('rate_limited');
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

const storedSeqs = async (app: IngestApp) => (await app.store.sessions.chunks(batchNo(0).sessionId, Date.now())).map((c) => c.seq);

describe('the ingest rate limit, on every door, per project and client address', () => {
  it('limits beacons, and counts them in the same bucket as fetches of the project', async () => {
    t = await startIngestApp({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    expect((await postFetch(t.app, t.key, batchNo(0), { remoteAddress: CLIENT_A })).statusCode).toBe(200);
    expect((await postBeaconFrom(t.app, t.key, batchNo(1), CLIENT_A)).statusCode).toBe(200);
    expect((await postBeaconFrom(t.app, t.key, batchNo(2), CLIENT_A)).statusCode).toBe(200);
    expectRateLimited(await postBeaconFrom(t.app, t.key, batchNo(3), CLIENT_A));
    expectRateLimited(await postFetch(t.app, t.key, batchNo(4), { remoteAddress: CLIENT_A }));
    expect(await storedSeqs(t)).toEqual([0, 1, 2]);
    // Another address has its own bucket.
    expect((await postBeaconFrom(t.app, t.key, batchNo(3), CLIENT_B)).statusCode).toBe(200);
  });

  it('counts every key of a project against one bucket (old and new key during a rotation)', async () => {
    t = await startIngestApp({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    const oldKey = t.key;
    const { key: newKey } = (await t.store.projects.rotateKey(t.boot.projectId, Date.now(), 60 * 60_000))!;
    expect(newKey).not.toBe(oldKey);
    expect((await postFetch(t.app, oldKey, batchNo(0), { remoteAddress: CLIENT_A })).statusCode).toBe(200);
    expect((await postFetch(t.app, newKey, batchNo(1), { remoteAddress: CLIENT_A })).statusCode).toBe(200);
    expectRateLimited(await postFetch(t.app, oldKey, batchNo(2), { remoteAddress: CLIENT_A }));
    expectRateLimited(await postFetch(t.app, newKey, batchNo(2), { remoteAddress: CLIENT_A }));
    expect(await storedSeqs(t)).toEqual([0, 1]);
  });

  it('counts the addresses of one IPv6 /64 as one client', async () => {
    t = await startIngestApp({ rateLimit: { max: 1, timeWindowMs: 60_000 } });
    expect((await postFetch(t.app, t.key, batchNo(0), { remoteAddress: '2001:db8:1:2::a' })).statusCode).toBe(200);
    expectRateLimited(await postFetch(t.app, t.key, batchNo(1), { remoteAddress: '2001:db8:1:2:ffff:1:2:3' }));
    expect((await postFetch(t.app, t.key, batchNo(1), { remoteAddress: '2001:db8:1:3::a' })).statusCode).toBe(200);
  });

  it('refuses an unknown key as such, without counting it against anyone', async () => {
    t = await startIngestApp({ rateLimit: { max: 1, timeWindowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await postFetch(t.app, 'pk_unknownunknownunknown', batchNo(0), { remoteAddress: CLIENT_A })).statusCode).toBe(401);
    expect((await postFetch(t.app, t.key, batchNo(0), { remoteAddress: CLIENT_A })).statusCode).toBe(200);
  });

  it('limits imports per target project and address, loopback included', async () => {
    const h = await startHarness();
    try {
      await record(h.store, h.project, { sessionId: 'sess_import_rate_0001', startedAt: Date.now() - 60_000 });
      const file = (await h.app.inject({ url: '/api/v1/sessions/sess_import_rate_0001/export', headers: h.admin })).body;
      const importOnce = () => {
        const form = multipartForm({ projectId: h.project.id }, { name: 'file', filename: 'session.json', contentType: 'application/json', body: file });
        return h.app.inject({ method: 'POST', url: '/api/v1/import', headers: { ...h.admin, ...form.headers }, payload: form.payload });
      };
      for (let i = 0; i < IMPORT_RATE_LIMIT.max; i++) expect((await importOnce()).statusCode).toBeLessThan(300);
      expectRateLimited(await importOnce());
    } finally {
      await h.close();
    }
  });
});
