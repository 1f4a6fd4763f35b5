import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRetentionTimer } from '../../src/retention.js';
import { DAY_MS, record, startHarness, type Harness } from '../helpers/veil-harness.js';

describe('retention timer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('sweeps at start-up and audits what it deleted', async () => {
    await record(h.store, h.project, { sessionId: 'startup-expired-00001', startedAt: Date.now() - 31 * DAY_MS });
    await record(h.store, h.project, { sessionId: 'startup-live-00000001', startedAt: Date.now() - 1_000 });
    const stop = startRetentionTimer(h.store, 10, h.app.log);
    try {
      await vi.waitFor(async () => expect(await h.store.audit.list({ action: 'retention.sweep', limit: 1 })).toHaveLength(1), { timeout: 10_000 });
      expect((await h.store.audit.list({ action: 'retention.sweep', limit: 1 }))[0]).toMatchObject({ actor: 'system', details: { deleted: 1 } });
      expect((h.store.db.prepare('SELECT id FROM sessions').all() as Array<{ id: string }>).map((r) => r.id)).toEqual(['startup-live-00000001']);
    } finally {
      stop();
    }
  });
});
