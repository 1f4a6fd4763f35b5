import { afterEach, beforeEach, expect, it } from 'vitest';
import { runRetentionSweep } from '../../src/retention.js';
import type { Store } from '../../src/store/types.js';
import { DAY_MS, forEachBackend, record, startHarness, type Harness, type SqliteHarnessStore } from '../helpers/veil-harness.js';

forEachBackend('retention sweep (clock passed in)', (backend) => {
  let h: Harness<Store>;
  const t0 = Date.UTC(2026, 0, 1);
  beforeEach(async () => {
    h = await startHarness(undefined, { backend });
  });
  afterEach(async () => h.close());

  it('deletes a recording retentionDays after it started, and not a millisecond before', async () => {
    await record(h.store, h.project, { sessionId: 'sweep-boundary-000001', startedAt: t0 });
    expect((await runRetentionSweep(h.store, t0 + 30 * DAY_MS - 1)).deleted).toBe(0);
    expect(await h.store.sessions.get('sweep-boundary-000001', t0 + 30 * DAY_MS - 1)).not.toBeNull();
    expect((await runRetentionSweep(h.store, t0 + 30 * DAY_MS)).deleted).toBe(1);
    expect(await h.rowCount('sessions')).toBe(0);
    expect(await h.rowCount('chunks')).toBe(0);
  });

  it('applies a lowered retention to existing recordings at the next sweep', async () => {
    await record(h.store, h.project, { sessionId: 'ten-days-old-0000001', startedAt: t0 });
    const now = t0 + 10 * DAY_MS;
    expect((await runRetentionSweep(h.store, now)).deleted).toBe(0);
    await h.store.projects.update(h.project.id, { retentionDays: 7 });
    expect((await runRetentionSweep(h.store, now)).deleted).toBe(1);
  });

  it('honours each project its own retention', async () => {
    const long = await h.store.projects.create('Long', t0);
    await h.store.projects.update(long.id, { retentionDays: 365 });
    await record(h.store, h.project, { sessionId: 'short-retention-00001', startedAt: t0 });
    await record(h.store, (await h.store.projects.get(long.id))!, { sessionId: 'long-retention-000001', startedAt: t0 });
    expect((await runRetentionSweep(h.store, t0 + 100 * DAY_MS)).deleted).toBe(1);
    expect(await h.store.sessions.get('long-retention-000001', t0 + 100 * DAY_MS)).not.toBeNull();
    expect((await runRetentionSweep(h.store, t0 + 365 * DAY_MS)).deleted).toBe(1);
  });

  // SQLite's file pages; PostgreSQL leaves the space to autovacuum (README: Space).
  it.runIf(backend === 'sqlite')('sweeps more sessions than one batch holds, leaves live ones, and gives the space back', async () => {
    const db = (h.store as SqliteHarnessStore).db;
    for (let i = 0; i < 120; i++) {
      await record(h.store, h.project, { sessionId: `bulk-expired-${String(i).padStart(6, '0')}`, startedAt: t0, text: 'x'.repeat(3000) + i, batches: 3 });
    }
    await record(h.store, h.project, { sessionId: 'bulk-still-live-00001', startedAt: t0 + 25 * DAY_MS });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = () => db.pragma('page_count', { simple: true }) as number;
    const before = pages();
    const started = performance.now();
    const result = await runRetentionSweep(h.store, t0 + 31 * DAY_MS);
    const ms = performance.now() - started;
    expect(result.deleted).toBe(120);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(pages()).toBeLessThan(before / 2);
    expect((await h.store.sessions.list({ limit: 10 }, t0 + 31 * DAY_MS)).map((s) => s.id)).toEqual(['bulk-still-live-00001']);
    console.info(`[figures] sweep of 120 sessions x 3 batches: ${ms.toFixed(1)} ms; pages ${before} -> ${pages()}`);
  });

  it('forgets expired viewer logins', async () => {
    const token = await h.store.tokens.create({ role: 'viewer' }, t0);
    await h.store.tokens.createLogin(token.id, t0, 1_000);
    await h.store.tokens.createLogin(token.id, t0, DAY_MS);
    expect((await runRetentionSweep(h.store, t0 + 2_000)).loginsPruned).toBe(1);
    expect(await h.rowCount('login_sessions')).toBe(1);
  });
});
