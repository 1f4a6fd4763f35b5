import { afterEach, describe, expect, it } from 'vitest';
import { startIngestApp, type IngestApp } from '../helpers/ingest-app.js';
import { errorOf, postFetch, validBatch } from '../helpers/ingest-requests.js';
import { pollUntil } from '../helpers/poll-until.js';

const CLIENT_A = '198.51.100.10';
const CLIENT_B = '198.51.100.11';

let t: IngestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const BASE_MS = Date.now() - 60_000;
const batchNo = (seq: number) => validBatch({ seq, startMs: BASE_MS + seq });

describe('the ingest rate limit', () => {
  it('answers 429 rate_limited with Retry-After once a key and client pass the limit', async () => {
    t = await startIngestApp({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    for (let seq = 0; seq < 3; seq++) {
      expect((await postFetch(t.app, t.key, batchNo(seq), { remoteAddress: CLIENT_A })).statusCode).toBe(200);
    }
    const limited = await postFetch(t.app, t.key, batchNo(3), { remoteAddress: CLIENT_A });
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Refused before the body was read: nothing of seq 3 was stored.
    expect((await t.store.sessions.chunks(batchNo(0).sessionId, Date.now())).map((c) => c.seq)).toEqual([0, 1, 2]);
  });

  it('counts each client and each key separately', async () => {
    t = await startIngestApp({ rateLimit: { max: 1, timeWindowMs: 60_000 } });
    const other = await t.store.projects.create('Other', Date.now());
    expect((await postFetch(t.app, t.key, batchNo(0), { remoteAddress: CLIENT_A })).statusCode).toBe(200);
    expect((await postFetch(t.app, t.key, batchNo(1), { remoteAddress: CLIENT_B })).statusCode).toBe(200);
    const otherBatch = validBatch({ sessionId: 'sess_other_project_0001', startMs: BASE_MS });
    expect((await postFetch(t.app, other.key, otherBatch, { remoteAddress: CLIENT_A })).statusCode).toBe(200);
    expect((await postFetch(t.app, t.key, batchNo(2), { remoteAddress: CLIENT_A })).statusCode).toBe(429);
  });

  it('does not limit loopback clients (a local proxy or load test) by default', async () => {
    t = await startIngestApp({ rateLimit: { max: 1, timeWindowMs: 60_000 } });
    for (let seq = 0; seq < 3; seq++) expect((await postFetch(t.app, t.key, batchNo(seq))).statusCode).toBe(200);
  });
});

describe('load shedding', () => {
  it('answers 503 unavailable with Retry-After while the server is under pressure', async () => {
    // A heap threshold of 1 byte is always passed: the real plugin, a threshold that is certain.
    t = await startIngestApp({ pressure: { maxHeapUsedBytes: 1, sampleIntervalMs: 10, retryAfterS: 7 } });
    const app = t.app;
    // Probe with a batch that could never be stored until the first sample turns the state on.
    await pollUntil(async () => (await postFetch(app, t!.key, { ...batchNo(0), v: 2 })).statusCode === 503, 'the first pressure sample');
    const shed = await postFetch(app, t.key, batchNo(0));
    expect(shed.statusCode).toBe(503);
    expect(errorOf(shed)).toEqual({ code: 'unavailable', message: expect.any(String) });
    expect(shed.headers['retry-after']).toBe('7');
    expect(await t.store.sessions.get(batchNo(0).sessionId, Date.now())).toBeNull();
  });

  it('answers 503 with Retry-After at once when more requests are in flight than it serves, and serves the rest', async () => {
    t = await startIngestApp({ maxInFlight: 2 });
    const app = t.app;
    const key = t.key;
    // Five sent together: each waits for its body while the next arrives.
    const answers = await Promise.all([0, 1, 2, 3, 4].map((seq) => postFetch(app, key, batchNo(seq))));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const shed = answers.filter((a) => a.statusCode === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const a of shed) {
      expect(errorOf(a).code).toBe('unavailable');
      expect(a.headers['retry-after']).toBe('2');
    }
    // The shed ones were not stored, and once the load is gone they are accepted.
    const stored = (await t.store.sessions.chunks(batchNo(0).sessionId, Date.now())).length;
    expect(stored).toBe(statuses.filter((s) => s === 200).length);
    const again = shed.map((a) => answers.indexOf(a));
    for (const seq of again) expect((await postFetch(app, key, batchNo(seq))).statusCode).toBe(200);
  });

  it('answers 503 with Retry-After when bodies in flight would pass the memory budget', async () => {
    t = await startIngestApp({ memoryBudgetBytes: 100 });
    const response = await postFetch(t.app, t.key, batchNo(0));
    expect(response.statusCode).toBe(503);
    expect(errorOf(response).code).toBe('unavailable');
    expect(response.headers['retry-after']).toBe('5');
  });

  it('gives the memory budget back after every request, refused or stored', async () => {
    const budget = JSON.stringify(batchNo(0)).length * 2;
    t = await startIngestApp({ memoryBudgetBytes: budget });
    for (let seq = 0; seq < 5; seq++) {
      expect((await postFetch(t.app, t.key, { ...batchNo(seq), v: 2 })).statusCode).toBe(400);
      expect((await postFetch(t.app, t.key, batchNo(seq))).statusCode).toBe(200);
    }
  });
});
