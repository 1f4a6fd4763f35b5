import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { runRetentionSweep } from '../../src/retention.js';
import { DAY_MS, forEachBackend, record, rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

/**
 * A recorder keeps unsent batches (retries, the queue saved across pages), so batches of a
 * session can arrive after an admin deleted it. They must not bring the recording back.
 */
forEachBackend('an erased session stays erased', (backend) => {
  let h: Harness<Store>;
  beforeEach(async () => {
    h = await startHarness(undefined, { backend });
  });
  afterEach(async () => h.close());

  const post = (sessionId: string, seq: number, userId?: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': h.boot.projectKey },
      payload: gzipSync(JSON.stringify(rrwebBatch({ sessionId, startedAt: Date.now() - 20_000, ...(userId ? { userId } : {}) }, seq))),
    });

  it.each([
    ['one session', '/api/v1/sessions/late-batch-session-01'],
    ["an end user's sessions", '/api/v1/users/erasure-subject/sessions'],
    ["a project's sessions", 'PROJECT'],
  ])('refuses late batches after deleting %s, with 410 session_erased, and stores nothing', async (_what, url) => {
    expect((await post('late-batch-session-01', 0, 'erasure-subject')).statusCode).toBe(200);
    const target = url === 'PROJECT' ? `/api/v1/projects/${h.project.id}/sessions` : url;
    const deleted = await h.app.inject({ method: 'DELETE', url: target, headers: h.admin });
    expect(deleted.json()).toEqual({ deleted: 1 });

    const late = await post('late-batch-session-01', 1, 'erasure-subject');
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('session_erased');
    const again = await post('late-batch-session-01', 0, 'erasure-subject');
    expect(again.statusCode).toBe(410);
    expect(await h.store.sessions.get('late-batch-session-01', Date.now())).toBeNull();
    expect(await h.rowCount('chunks')).toBe(0);
    // No row names the session: the marker is a hash of its id.
    const rows = (await h.rows('SELECT session_hash FROM erased_sessions')) as Array<{ session_hash: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.session_hash).toMatch(/^[0-9a-f]{64}$/);
    // Other sessions are recorded as ever.
    expect((await post('other-session-000001', 0)).statusCode).toBe(200);
  });

  it('does not mark sessions the retention sweep removed: an expired id may record again', async () => {
    await record(h.store, h.project, { sessionId: 'expired-session-00001', startedAt: Date.now() - 40 * DAY_MS });
    expect((await runRetentionSweep(h.store, Date.now())).deleted).toBe(1);
    expect((await post('expired-session-00001', 1)).statusCode).toBe(200);
  });

  it('forgets markers after 30 days, in the retention sweep', async () => {
    expect((await post('late-batch-session-02', 0)).statusCode).toBe(200);
    await h.app.inject({ method: 'DELETE', url: '/api/v1/sessions/late-batch-session-02', headers: h.admin });
    expect((await runRetentionSweep(h.store, Date.now() + 29 * DAY_MS)).erasedPruned).toBe(0);
    expect((await runRetentionSweep(h.store, Date.now() + 31 * DAY_MS)).erasedPruned).toBe(1);
  });
});
