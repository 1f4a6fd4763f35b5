import { chunkEventsJson, type StoredChunk } from '../../src/store/chunk-format.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIngestApp, type IngestApp } from '../helpers/ingest-app.js';
import { beaconParts, multipartBody, postBeacon, postFetch, SESSION_ID, validBatch } from '../helpers/ingest-requests.js';

const CHROME_ON_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36';
const CLIENT_IP = '203.0.113.77';

let t: IngestApp;
beforeEach(async () => {
  t = await startIngestApp();
});
afterEach(() => t.close());

/** The stored events of a session, decompressed, in seq order. */
function storedEvents(sessionId: string): unknown[] {
  const rows = t.store.db.prepare('SELECT body, encoding FROM chunks WHERE session_id = ? ORDER BY seq').all(sessionId) as StoredChunk[];
  return rows.flatMap((r) => JSON.parse(chunkEventsJson(r)) as unknown[]);
}

function sessionRow(id: string): Record<string, unknown> {
  return t.store.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Record<string, unknown>;
}

function chunkCount(id: string): number {
  return (t.store.db.prepare('SELECT count(*) AS n FROM chunks WHERE session_id = ?').get(id) as { n: number }).n;
}

describe('the fetch door', () => {
  it('stores a gzip batch and acknowledges it only as stored', async () => {
    const response = await postFetch(t.app, t.key, validBatch());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, duplicate: false });
    expect(storedEvents(SESSION_ID)).toEqual(validBatch().events.map((e) => ({ ...e, timestamp: expect.any(Number) })));
  });

  it.each<[string, { gzip?: boolean; headers?: Record<string, string> }]>([
    ['plain JSON without Content-Encoding', { gzip: false }],
    ['Content-Encoding identity', { gzip: false, headers: { 'content-encoding': 'identity' } }],
    ['a charset parameter on the content type', { headers: { 'content-type': 'application/json; charset=utf-8' } }],
  ])('accepts %s', async (_name, opts) => {
    const batch = validBatch();
    const body = opts.gzip === false ? Buffer.from(JSON.stringify(batch)) : batch;
    const response = await postFetch(t.app, t.key, body, opts);
    expect(response.statusCode).toBe(200);
    expect(chunkCount(SESSION_ID)).toBe(1);
  });

  it('accepts an origin on the project allowlist', async () => {
    await t.store.projects.update(t.boot.projectId, { allowedOrigins: ['https://shop.example'] });
    const response = await postFetch(t.app, t.key, validBatch(), { headers: { origin: 'https://shop.example' } });
    expect(response.statusCode).toBe(200);
  });
});

describe('the beacon door', () => {
  it('stores the recorder beacon: a key field, then a gzip batch file', async () => {
    const response = await postBeacon(t.app, beaconParts(t.key, validBatch()));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, duplicate: false });
    expect(chunkCount(SESSION_ID)).toBe(1);
  });

  it('takes the key after the file, and a plain JSON file', async () => {
    const json = Buffer.from(JSON.stringify(validBatch()));
    const response = await postBeacon(t.app, [
      { name: 'batch', filename: 'batch', type: 'application/json', data: json },
      { name: 'key', value: t.key },
    ]);
    expect(response.statusCode).toBe(200);
    expect(chunkCount(SESSION_ID)).toBe(1);
  });
});

describe('session metadata', () => {
  it('is kept current across batches, whatever order they arrive in', async () => {
    const start = Date.now() - 120_000;
    const later = validBatch({ seq: 1, startMs: start + 30_000, href: 'https://shop.example/checkout', userId: 'user-9' });
    const first = validBatch({ seq: 0, startMs: start, href: 'https://shop.example/' });
    const headers = { 'user-agent': CHROME_ON_ANDROID };
    expect((await postFetch(t.app, t.key, later, { headers })).statusCode).toBe(200);
    expect((await postFetch(t.app, t.key, first, { headers })).statusCode).toBe(200);
    const bytes = (t.store.db.prepare('SELECT sum(length(body)) AS n FROM chunks').get() as { n: number }).n;

    const summary = (await t.store.sessions.get(SESSION_ID, Date.now()))!;
    expect(summary).toMatchObject({
      projectId: t.boot.projectId,
      userId: 'user-9',
      startedAt: new Date(start).toISOString(),
      lastEventAt: new Date(start + 31_000).toISOString(),
      durationMs: 31_000,
      firstUrl: 'https://shop.example/',
      pages: 2,
      clicks: 2,
      eventCount: 6,
      batchCount: 2,
      storedBytes: bytes,
      browser: 'Chrome 126',
      os: 'Android',
      device: 'mobile',
      privacyRedactions: 0,
    });
  });

  it('never stores the raw user agent or the client address', async () => {
    await postFetch(t.app, t.key, validBatch(), { headers: { 'user-agent': CHROME_ON_ANDROID }, remoteAddress: CLIENT_IP });
    const everything = JSON.stringify(t.store.db.prepare('SELECT * FROM sessions').all()) + JSON.stringify(storedEvents(SESSION_ID));
    expect(everything).not.toContain('AppleWebKit');
    expect(everything).not.toContain(CLIENT_IP);
  });
});

describe('the server-side privacy pass', () => {
  const leaky = () =>
    validBatch({ text: 'Contact jane.quinterra@example.org', href: 'https://shop.example/account?email=jane.quinterra@example.org' });

  it.each([
    ['fetch', () => postFetch(t.app, t.key, leaky())],
    ['beacon', () => postBeacon(t.app, beaconParts(t.key, leaky()))],
    ['beacon with a plain JSON file', () => postBeacon(t.app, multipartBody([{ name: 'key', value: t.key }, { name: 'batch', filename: 'b', type: 'application/json', data: Buffer.from(JSON.stringify(leaky())) }]))],
  ])('masks what a client should not have sent, through %s, and counts it', async (_door, send) => {
    expect((await send()).statusCode).toBe(200);
    const stored = JSON.stringify(storedEvents(SESSION_ID)) + JSON.stringify(sessionRow(SESSION_ID));
    expect(stored).not.toContain('jane.quinterra');
    expect(stored).toContain('shop.example/account');
    expect(sessionRow(SESSION_ID).privacy_redactions).toBeGreaterThanOrEqual(2);
  });
});
