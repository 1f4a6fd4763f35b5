import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

/** Value of one sample line of a Prometheus text body (0 when absent). */
function sample(body: string, name: string, labels = ''): number {
  const line = body.split('\n').find((l) => l === `${name}${labels} ${l.split(' ').pop()}` && l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('health endpoints', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('answers /healthz without touching the database', async () => {
    const res = await h.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('answers /readyz with each check: database writable, migrations current, disk free', async () => {
    const res = await h.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(true);
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.migrations.ok).toBe(true);
    expect(body.checks.disk.detail).toMatch(/MB free$/);
  });

  it('turns /readyz to 503 when the disk threshold is not met', async () => {
    const strict = await buildApp({ config: { logLevel: 'silent', secureCookies: 'auto' }, store: h.store, logger: false, ops: { minFreeDiskMb: Number.MAX_SAFE_INTEGER } });
    const res = await strict.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.disk.ok).toBe(false);
    expect(res.json().checks.database.ok).toBe(true);
  });
});

describe('GET /metrics', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const ingest = (payload: Buffer, key = h.boot.projectKey) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': key },
      payload,
    });

  it('needs a credential, and a viewer token is not enough', async () => {
    expect((await h.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/metrics', headers: { authorization: (await h.bearer('viewer')).authorization } })).statusCode).toBe(403);
  });

  it('is readable with VEIL_METRICS_TOKEN alone', async () => {
    const token = 'metrics-scraper-token-0123456789';
    const app = await buildApp({ config: { logLevel: 'silent', secureCookies: 'auto' }, store: h.store, logger: false, ops: { metricsToken: token } });
    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-scraper-token-wrong-wrong' } })).statusCode).toBe(401);
  });

  it('counts ingest outcomes, bytes, events, server redactions, latency and stored totals', async () => {
    const before = (await h.app.inject({ url: '/metrics', headers: h.admin })).body;
    const batch = rrwebBatch({ sessionId: 'metrics-session-00001', startedAt: Date.now() - 10_000 }, 0);
    // A client that did not mask: the server must, and must count it by detector.
    (batch.events[1]!.data as { node: { childNodes: unknown[] } }).node.childNodes.push({ type: 3, id: 99, textContent: 'write to jane.doe@example.org' });
    const body = gzipSync(JSON.stringify(batch));
    expect((await ingest(body)).statusCode).toBe(200);
    expect((await ingest(body)).json().duplicate).toBe(true);
    expect((await ingest(body, 'pk_not_a_key')).statusCode).toBe(401);
    expect((await ingest(gzipSync('{not json'))).statusCode).toBe(400);

    const after = (await h.app.inject({ url: '/metrics', headers: h.admin })).body;
    const moved = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('veil_ingest_batches_total', '{code="ok",outcome="stored"}')).toBe(1);
    expect(moved('veil_ingest_batches_total', '{code="ok",outcome="duplicate"}')).toBe(1);
    expect(moved('veil_ingest_batches_total', '{code="invalid_key",outcome="rejected"}')).toBe(1);
    expect(moved('veil_ingest_batches_total', '{code="invalid_json",outcome="rejected"}')).toBe(1);
    expect(moved('veil_ingest_bytes_total', '{outcome="stored"}')).toBe(body.length);
    expect(moved('veil_events_stored_total')).toBe(batch.events.length);
    expect(moved('veil_privacy_redactions_total', '{detector="email"}')).toBe(1);
    expect(sample(after, 'veil_sessions_stored')).toBe(1);
    expect(sample(after, 'veil_session_bytes_stored')).toBeGreaterThan(0);
    expect(sample(after, 'veil_database_size_bytes')).toBeGreaterThan(0);
    expect(after).toMatch(/^veil_event_loop_lag_seconds \d/m);
    expect(after).toMatch(/^veil_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/ingest",status="2xx"\} 2$/m);
    // Ids never become label values: the route pattern is the label.
    expect(after).not.toContain('metrics-session-00001');
  });
});
