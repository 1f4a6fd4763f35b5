import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { backends, batch, type OpenedStore } from './support/backends.js';

const DAY_MS = 86_400_000;

/**
 * The store contract: the same tests against SQLite and PostgreSQL. Each test gets a fresh,
 * empty store (a new SQLite file, a new PostgreSQL database).
 */
describe.each(backends())('store contract on $name', (backend) => {
  let opened: OpenedStore;
  let store: Store;

  beforeEach(async (ctx) => {
    if (!backend.available) ctx.skip();
    opened = await backend.open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened?.dispose();
  });

  const newProject = async (name = 'Shop', now = Date.now()) => store.projects.create(name, now);

  describe('projects', () => {
    it('creates, finds by id and key, lists and updates', async () => {
      const a = await newProject('A', 1_000);
      const b = await newProject('B', 2_000);
      expect(a).toMatchObject({ name: 'A', enabled: true, retentionDays: 30, privacyLevel: 'balanced', sampleRate: 1, allowedOrigins: [], urlAllowlist: ['utm_*'], replayAssetOrigins: [] });
      expect(await store.projects.get(a.id)).toEqual(a);
      expect(await store.projects.getByKey(b.key)).toEqual(b);
      expect(await store.projects.get('prj_missing')).toBeNull();
      expect((await store.projects.list()).map((p) => p.name)).toEqual(['A', 'B']);
      const updated = await store.projects.update(a.id, { enabled: false, retentionDays: 7, sampleRate: 0.5, allowedOrigins: ['https://a.example'] });
      expect(updated).toMatchObject({ enabled: false, retentionDays: 7, sampleRate: 0.5, allowedOrigins: ['https://a.example'] });
      expect(await store.projects.get(a.id)).toEqual(updated);
      expect(await store.projects.update('prj_missing', { enabled: false })).toBeNull();
    });

    it('rotates the ingest key: the old one works through the grace period only', async () => {
      const p = await newProject();
      const now = Date.now();
      const rotated = (await store.projects.rotateKey(p.id, now, 60_000))!;
      expect(rotated.previousKeyValidUntil).toBe(now + 60_000);
      expect((await store.projects.getByKey(rotated.key, now))?.id).toBe(p.id);
      expect((await store.projects.getByKey(p.key, now + 59_999))?.id).toBe(p.id);
      expect(await store.projects.getByKey(p.key, now + 60_000)).toBeNull();
      const again = (await store.projects.rotateKey(p.id, now, 0))!;
      expect(again.previousKeyValidUntil).toBeNull();
      expect(await store.projects.getByKey(rotated.key, now)).toBeNull();
      expect(await store.projects.rotateKey('prj_missing', now, 0)).toBeNull();
    });
  });

  describe('tokens and logins', () => {
    it('verifies live tokens only: revoked and expired ones are refused', async () => {
      const now = Date.now();
      const admin = await store.tokens.create({ role: 'admin', label: 'ops' }, now);
      const viewer = await store.tokens.create({ role: 'viewer', expiresAt: now + 1_000 }, now + 1);
      expect(await store.tokens.verify(admin.token, now)).toEqual({ tokenId: admin.id, role: 'admin' });
      expect(await store.tokens.verify(viewer.token, now + 999)).toEqual({ tokenId: viewer.id, role: 'viewer' });
      expect(await store.tokens.verify(viewer.token, now + 1_000)).toBeNull();
      expect(await store.tokens.verify('vat_unknown', now)).toBeNull();
      expect(await store.tokens.count()).toBe(2);
      expect(await store.tokens.revoke(admin.id, now)).toBe(true);
      expect(await store.tokens.revoke(admin.id, now)).toBe(false);
      expect(await store.tokens.verify(admin.token, now)).toBeNull();
      const listed = await store.tokens.list();
      expect(listed.map((t) => [t.id, t.role, t.label, t.revokedAt])).toEqual([
        [admin.id, 'admin', 'ops', now],
        [viewer.id, 'viewer', null, null],
      ]);
    });

    it('logins last their time, end on logout and when their token is revoked, and are pruned', async () => {
      const now = Date.now();
      const t = await store.tokens.create({ role: 'viewer' }, now);
      const cookie = await store.tokens.createLogin(t.id, now, 1_000);
      const other = await store.tokens.createLogin(t.id, now, 10_000);
      expect(await store.tokens.verifyLogin(cookie, now + 999)).toEqual({ tokenId: t.id, role: 'viewer' });
      expect(await store.tokens.verifyLogin(cookie, now + 1_000)).toBeNull();
      expect(await store.tokens.pruneLogins(now + 1_000)).toBe(1);
      await store.tokens.deleteLogin(other);
      expect(await store.tokens.verifyLogin(other, now)).toBeNull();
      const third = await store.tokens.createLogin(t.id, now, 10_000);
      await store.tokens.revoke(t.id, now);
      expect(await store.tokens.verifyLogin(third, now)).toBeNull();
    });

    it('counts login failures per bucket in fixed windows', async () => {
      const now = 1_000_000;
      expect(await store.tokens.loginFailures('10.0.0.1', now, 60_000)).toBeNull();
      await store.tokens.recordLoginFailure('10.0.0.1', now, 60_000);
      const second = await store.tokens.recordLoginFailure('10.0.0.1', now + 59_999, 60_000);
      expect(second).toEqual({ count: 2, windowStart: now });
      expect(await store.tokens.loginFailures('10.0.0.1', now + 59_999, 60_000)).toEqual({ count: 2, windowStart: now });
      expect(await store.tokens.loginFailures('10.0.0.2', now, 60_000)).toBeNull();
      // The window has passed: the next failure starts a new one.
      expect(await store.tokens.loginFailures('10.0.0.1', now + 60_000, 60_000)).toBeNull();
      expect(await store.tokens.recordLoginFailure('10.0.0.1', now + 60_000, 60_000)).toEqual({ count: 1, windowStart: now + 60_000 });
    });
  });

  describe('sessions', () => {
    it('stores a batch once: a re-send is a duplicate, another body under the same seq a conflict', async () => {
      const p = await newProject();
      const b = batch({ projectId: p.id, sessionId: 's1', seq: 0 });
      expect(await store.sessions.appendBatch(b, Date.now())).toEqual({ status: 'stored' });
      expect(await store.sessions.appendBatch(b, Date.now())).toEqual({ status: 'duplicate' });
      expect(await store.sessions.appendBatch({ ...b, batchHash: 'other' }, Date.now())).toEqual({ status: 'conflict' });
      const other = await newProject('Other');
      expect(await store.sessions.appendBatch(batch({ projectId: other.id, sessionId: 's1', seq: 1 }), Date.now())).toEqual({ status: 'conflict' });
      expect((await store.sessions.get('s1', Date.now()))?.batchCount).toBe(1);
    });

    it('keeps one end user per session and aggregates the metadata of every batch', async () => {
      const p = await newProject();
      const t = Date.now() - 60_000;
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's1', seq: 1, firstTs: t + 5_000, urls: ['https://b.example/'] }), t)).toEqual({ status: 'stored' });
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's1', seq: 0, firstTs: t, userId: 'u1', urls: ['https://a.example/'], clicks: 2 }), t)).toEqual({ status: 'stored' });
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's1', seq: 2, firstTs: t + 9_000, userId: 'u2' }), t)).toEqual({ status: 'user_conflict' });
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's1', seq: 2, firstTs: t + 9_000 }), t)).toEqual({ status: 'stored' });
      const s = (await store.sessions.get('s1', Date.now()))!;
      expect(s).toMatchObject({
        projectId: p.id,
        userId: 'u1',
        startedAt: new Date(t).toISOString(),
        lastEventAt: new Date(t + 9_010).toISOString(),
        durationMs: 9_010,
        firstUrl: 'https://a.example/',
        batchCount: 3,
        eventCount: 6,
        clicks: 2,
        pages: 3,
        browser: 'Chrome',
      });
      expect(s.storedBytes).toBeGreaterThan(0);
      expect((await store.sessions.list({ limit: 10, urlContains: 'b.example' }, Date.now())).map((x) => x.id)).toEqual(['s1']);
    });

    it('commits a group in one call and answers each batch on its own, in order', async () => {
      const p = await newProject();
      await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'g1', seq: 0 }), Date.now());
      const results = await store.sessions.appendBatches(
        [
          batch({ projectId: p.id, sessionId: 'g1', seq: 0 }),
          batch({ projectId: p.id, sessionId: 'g1', seq: 0, batchHash: 'x' }),
          batch({ projectId: p.id, sessionId: 'g1', seq: 1 }),
          batch({ projectId: p.id, sessionId: 'g2', seq: 0 }),
          batch({ projectId: p.id, sessionId: 'g2', seq: 0 }),
        ],
        Date.now(),
      );
      expect(results.map((r) => r.status)).toEqual(['duplicate', 'conflict', 'stored', 'stored', 'duplicate']);
      expect((await store.sessions.chunks('g1', Date.now())).map((c) => c.seq)).toEqual([0, 1]);
      expect((await store.sessions.chunks('g2', Date.now())).map((c) => c.seq)).toEqual([0]);
    });

    it('serves chunks in seq order, from a seq, up to a limit, byte for byte', async () => {
      const p = await newProject();
      const sent = [3, 0, 2, 1].map((seq) => batch({ projectId: p.id, sessionId: 'c1', seq }));
      for (const b of sent) await store.sessions.appendBatch(b, Date.now());
      const chunks = await store.sessions.chunks('c1', Date.now());
      expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2, 3]);
      expect(Buffer.compare(chunks[2]!.body, sent.find((b) => b.seq === 2)!.body)).toBe(0);
      expect(JSON.parse(gunzipSync(chunks[2]!.body).toString())[1].data.seq).toBe(2);
      expect((await store.sessions.chunks('c1', Date.now(), 1, 2)).map((c) => c.seq)).toEqual([1, 2]);
      expect(await store.sessions.chunks('missing', Date.now())).toEqual([]);
    });

    it('lists with filters and a cursor, newest first, and never serves an expired session', async () => {
      const p = await newProject('P');
      const q = await newProject('Q');
      const now = Date.now();
      const at = (min: number) => now - min * 60_000;
      await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'a', seq: 0, firstTs: at(30), lastTs: at(20), userId: 'u1' }), now);
      await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'b', seq: 0, firstTs: at(10), userId: 'u2' }), now);
      await store.sessions.appendBatch(batch({ projectId: q.id, sessionId: 'c', seq: 0, firstTs: at(10) }), now);
      await store.sessions.appendBatch(batch({ projectId: q.id, sessionId: 'd', seq: 0, firstTs: at(5) }), now);
      const ids = async (f: Partial<Parameters<Store['sessions']['list']>[0]>) =>
        (await store.sessions.list({ limit: 10, ...f }, now)).map((s) => s.id);
      expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids({ projectId: p.id })).toEqual(['b', 'a']);
      expect(await ids({ userId: 'u1' })).toEqual(['a']);
      expect(await ids({ minDurationMs: 5 * 60_000 })).toEqual(['a']);
      expect(await ids({ fromMs: at(10), toMs: at(5) })).toEqual(['c', 'b']);
      const first = await store.sessions.list({ limit: 2 }, now);
      expect(first.map((s) => s.id)).toEqual(['d', 'c']);
      const last = first[1]!;
      expect(await ids({ cursor: { startedAt: Date.parse(last.startedAt), id: last.id } })).toEqual(['b', 'a']);
      // Retention: a day later with retention 1 day nothing of P is served, swept or not.
      await store.projects.update(p.id, { retentionDays: 1 });
      const later = now + DAY_MS - 15 * 60_000;
      expect((await store.sessions.list({ limit: 10 }, later)).map((s) => s.id)).toEqual(['d', 'c', 'b']);
      expect(await store.sessions.get('a', later)).toBeNull();
      expect(await store.sessions.chunks('a', later)).toEqual([]);
      expect(await store.sessions.idsOfUser('u1', later)).toEqual([]);
      expect(await store.sessions.idsOfUser('u1', now)).toEqual(['a']);
    });

    it('deletes one session, an end user’s, a project’s, in bounded steps, and refuses their late batches', async () => {
      const p = await newProject();
      const q = await newProject('Q');
      for (const [id, user, project] of [['s1', 'u1', p], ['s2', 'u1', p], ['s3', 'u1', p], ['s4', 'u2', p], ['s5', null, q], ['s6', null, q]] as const) {
        await store.sessions.appendBatch(batch({ projectId: project.id, sessionId: id, seq: 0, userId: user }), Date.now());
      }
      expect(await store.sessions.delete('s4')).toBe(true);
      expect(await store.sessions.delete('s4')).toBe(false);
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's4', seq: 1 }), Date.now())).toEqual({ status: 'erased' });
      expect(await store.sessions.deleteByUser('u1', 2)).toBe(2);
      expect(await store.sessions.deleteByUser('u1', 2)).toBe(1);
      expect(await store.sessions.deleteByUser('u1', 2)).toBe(0);
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's2', seq: 5 }), Date.now())).toEqual({ status: 'erased' });
      expect(await store.sessions.deleteByProject(q.id, 10)).toBe(2);
      expect(await store.sessions.list({ limit: 10 }, Date.now())).toEqual([]);
      expect(await store.stats()).toMatchObject({ sessions: 0, bytes: 0 });
      // Markers older than the cut are forgotten: a session id may then be used again.
      expect(await store.sessions.pruneErased(Date.now() + 1)).toBe(6);
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 's4', seq: 1 }), Date.now())).toEqual({ status: 'stored' });
    });

    it('sweeps expired sessions only, up to the limit, counting each once even when two sweeps race', async () => {
      const p = await newProject();
      await store.projects.update(p.id, { retentionDays: 1 });
      const now = Date.now();
      for (let i = 0; i < 7; i++) await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: `old${i}`, seq: 0, firstTs: now - 2 * DAY_MS }), now);
      await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'young', seq: 0, firstTs: now - 60_000 }), now);
      expect(await store.sessions.sweepExpired(now, 3)).toBe(3);
      const other = await opened.another();
      let swept = 0;
      for (;;) {
        const [a, b] = await Promise.all([store.sessions.sweepExpired(now, 2), other.sessions.sweepExpired(now, 2)]);
        swept += a + b;
        if (a + b === 0) break;
      }
      expect(swept).toBe(4);
      expect((await store.sessions.list({ limit: 10 }, now)).map((s) => s.id)).toEqual(['young']);
      expect((await store.stats()).sessions).toBe(1);
      // Swept, not erased: nothing was asked, so the id is not refused.
      expect(await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'old0', seq: 1, firstTs: now }), now)).toEqual({ status: 'stored' });
    });

    it('stores one batch once when the same batch reaches two stores at the same moment', async () => {
      const p = await newProject();
      const other = await opened.another();
      const b = batch({ projectId: p.id, sessionId: 'race', seq: 0 });
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : store).sessions.appendBatches([b], Date.now())));
      expect(results.flat().map((r) => r.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored']);
      expect((await store.sessions.get('race', Date.now()))?.batchCount).toBe(1);
    });
  });

  describe('audit log', () => {
    it('appends, lists newest first with filters and a cursor, and verifies', async () => {
      const t = 1_700_000_000_000;
      await store.audit.append({ actor: 'tok_a', action: 'session.view', target: 's1' }, t);
      await store.audit.append({ actor: 'tok_b', action: 'session.delete', target: 's2', details: { n: 1 } }, t + 1);
      await store.audit.append({ actor: 'tok_a', action: 'session.view', target: 's3' }, t + 2);
      const all = await store.audit.list({ limit: 10 });
      expect(all.map((e) => e.target)).toEqual(['s3', 's2', 's1']);
      expect(all[1]).toMatchObject({ actor: 'tok_b', action: 'session.delete', details: { n: 1 }, at: t + 1 });
      expect((await store.audit.list({ limit: 10, actor: 'tok_a' })).map((e) => e.target)).toEqual(['s3', 's1']);
      expect((await store.audit.list({ limit: 10, action: 'session.delete' })).map((e) => e.target)).toEqual(['s2']);
      expect((await store.audit.list({ limit: 10, target: 's1' })).length).toBe(1);
      expect((await store.audit.list({ limit: 10, fromMs: t + 1, toMs: t + 2 })).map((e) => e.target)).toEqual(['s2']);
      expect((await store.audit.list({ limit: 1, beforeId: all[0]!.id })).map((e) => e.target)).toEqual(['s2']);
      const verified = await store.audit.verify();
      expect(verified).toMatchObject({ ok: true, entries: 3 });
      expect(store.audit.userRef('u1')).toMatch(/^user:[0-9a-f]{32}$/);
      expect(store.audit.userRef('u1')).toBe(store.audit.userRef('u1'));
    });

    it('keeps one unbroken chain when appends from two stores interleave', async () => {
      const other = await opened.another();
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).audit.append({ actor: 'cli', action: 'test', target: String(i) }, Date.now())));
      expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 20 });
      expect(store.audit.userRef('u1')).toBe(other.audit.userRef('u1'));
    });

    it('prunes the old end and stays verifiable from its anchor', async () => {
      for (let i = 0; i < 5; i++) await store.audit.append({ actor: 'cli', action: 'test', target: String(i) }, 1_000 + i);
      expect(await store.audit.prune(1_003)).toBe(3);
      expect(await store.audit.prune(1_003)).toBe(0);
      expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 2 });
      await store.audit.append({ actor: 'cli', action: 'test', target: '5' }, 1_005);
      expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 3 });
      expect((await store.audit.list({ limit: 10 })).map((e) => e.target)).toEqual(['5', '4', '3']);
    });
  });

  describe('transactions', () => {
    it('commit what they wrote together, or roll all of it back on a throw', async () => {
      const kept = await store.transaction(async (tx) => {
        const p = await tx.projects.create('Kept', Date.now());
        await tx.audit.append({ actor: 'cli', action: 'project.create', target: p.id }, Date.now());
        return p;
      });
      await expect(
        store.transaction(async (tx) => {
          const p = await tx.projects.create('Lost', Date.now());
          await tx.tokens.create({ role: 'admin' }, Date.now());
          await tx.audit.append({ actor: 'cli', action: 'project.create', target: p.id }, Date.now());
          await tx.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'lost', seq: 0 }), Date.now());
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await store.projects.list()).map((p) => p.id)).toEqual([kept.id]);
      expect(await store.tokens.count()).toBe(0);
      expect(await store.sessions.get('lost', Date.now())).toBeNull();
      expect((await store.audit.list({ limit: 10 })).map((e) => e.target)).toEqual([kept.id]);
      expect(await store.audit.verify()).toMatchObject({ ok: true, entries: 1 });
    });

    it('run a check-then-create once when two stores start it at the same moment', async () => {
      const others = [store, await opened.another(), await opened.another()];
      const made = await Promise.all(
        others.map((s) =>
          s.transaction(async (tx) => {
            if ((await tx.projects.list()).length > 0) return null;
            return tx.projects.create('Default', Date.now());
          }),
        ),
      );
      expect(made.filter((p) => p !== null)).toHaveLength(1);
      expect(await store.projects.list()).toHaveLength(1);
    });
  });

  describe('operations', () => {
    it('reports figures and readiness', async () => {
      const p = await newProject();
      await store.sessions.appendBatch(batch({ projectId: p.id, sessionId: 'm1', seq: 0 }), Date.now());
      const stats = await store.stats();
      expect(stats.sessions).toBe(1);
      expect(stats.bytes).toBeGreaterThan(0);
      expect(stats.databaseBytes).toBeGreaterThan(0);
      const health = await store.health();
      expect(health).toMatchObject({ writable: true });
      expect(health.schemaVersion).toBe(health.latestSchemaVersion);
      expect(await store.reclaimSpace(100)).toBeGreaterThanOrEqual(0);
    });
  });
});
