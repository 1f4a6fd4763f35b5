import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRetentionSweep } from '../../src/retention.js';
import type { Store } from '../../src/store/types.js';
import { DAY_MS, forEachBackend, record, startHarness, type Harness } from '../helpers/veil-harness.js';

describe('audit log', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  /** Simulates someone with write access to the file: the triggers guarding the log are dropped first. */
  const tamper = (sql: string, ...args: unknown[]) => {
    h.store.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_prune_only;');
    h.store.db.prepare(sql).run(...args);
  };
  const ids = () => (h.store.db.prepare('SELECT id FROM audit_log ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  const appendSome = async (n: number, at = Date.now()) => {
    for (let i = 0; i < n; i++) await h.store.audit.append({ actor: 'tok_x', action: 'session.view', target: `s-${i}` }, at + i);
  };

  it('verifies an untouched chain and counts its entries', async () => {
    await appendSome(5);
    const result = await h.store.audit.verify();
    expect(result).toMatchObject({ ok: true, entries: 6 }); // + the bootstrap entry
  });

  it('detects an edited entry at its id', async () => {
    await appendSome(5);
    const victim = ids()[3]!;
    tamper("UPDATE audit_log SET actor = 'someone-else' WHERE id = ?", victim);
    expect(await h.store.audit.verify()).toEqual({ ok: false, brokenAt: victim });
  });

  it('detects an entry edited together with its own hash, at the next entry', async () => {
    await appendSome(5);
    const [victim, next] = [ids()[2]!, ids()[3]!];
    tamper("UPDATE audit_log SET details = '{\"forged\":true}', hash = ? WHERE id = ?", 'f'.repeat(64), victim);
    const result = await h.store.audit.verify();
    expect(result.ok).toBe(false);
    expect([victim, next]).toContain((result as { brokenAt: number }).brokenAt);
  });

  it('detects a removed entry in the middle at its id', async () => {
    await appendSome(5);
    const all = ids();
    tamper('DELETE FROM audit_log WHERE id = ?', all[2]);
    expect(await h.store.audit.verify()).toEqual({ ok: false, brokenAt: all[2] });
  });

  it('detects the newest entry removed', async () => {
    await appendSome(5);
    const newest = ids().at(-1)!;
    tamper('DELETE FROM audit_log WHERE id = ?', newest);
    expect(await h.store.audit.verify()).toEqual({ ok: false, brokenAt: newest });
  });

  it('refuses edits and deletions through SQL while its triggers stand', async () => {
    await appendSome(2);
    expect(() => h.store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => h.store.db.prepare('DELETE FROM audit_log').run()).toThrow(/pruning/);
  });

  it('prunes entries older than a year and keeps the rest of the chain verifiable', async () => {
    const start = Date.now(); // the bootstrap entry's time
    await appendSome(4, start);
    await appendSome(3, start + 380 * DAY_MS);
    const now = start + 400 * DAY_MS;
    const result = await runRetentionSweep(h.store, now);
    expect(result.auditPruned).toBe(5); // the bootstrap entry and the 4 as old
    // The 3 kept, and the sweep's own entry (written in the transaction that pruned).
    expect(await h.store.audit.verify()).toMatchObject({ ok: true, entries: 4 });
    expect((await h.store.audit.list({ action: 'retention.sweep', limit: 1 }))[0]!.details).toMatchObject({ auditPruned: 5 });
    await h.store.audit.append({ actor: 'tok_x', action: 'session.view' }, now);
    expect(await h.store.audit.verify()).toMatchObject({ ok: true, entries: 5 });
    // Removing the oldest kept entry is still noticed: the anchor says what must come next.
    const oldestKept = ids()[0]!;
    tamper('DELETE FROM audit_log WHERE id = ?', oldestKept);
    expect(await h.store.audit.verify()).toEqual({ ok: false, brokenAt: oldestKept });
  });

  it('prunes only the old end of the chain, even when a later entry carries an older time', async () => {
    const start = Date.now();
    await appendSome(2, start + 380 * DAY_MS);
    await appendSome(1, start); // e.g. written by a CLI whose clock was behind
    expect((await runRetentionSweep(h.store, start + 400 * DAY_MS)).auditPruned).toBe(1); // the bootstrap entry only
    expect(await h.store.audit.verify()).toMatchObject({ ok: true, entries: 4 }); // the 3 and the sweep's own
  });

  it('notices a deleted anchor', async () => {
    await appendSome(2, Date.now() + 400 * DAY_MS);
    expect((await runRetentionSweep(h.store, Date.now() + 400 * DAY_MS)).auditPruned).toBe(1);
    h.store.db.prepare('DELETE FROM audit_anchor').run();
    expect((await h.store.audit.verify()).ok).toBe(false);
  });
});

// What the API records and answers, on SQLite and PostgreSQL (the tampering tests above edit the
// SQLite file, so they stay SQLite only).
forEachBackend('audit log over HTTP', (backend) => {
  let h: Harness<Store>;
  beforeEach(async () => {
    h = await startHarness(undefined, { backend });
  });
  afterEach(async () => h.close());

  it('records who did what: logins, views, exports, deletions with counts, settings, tokens, keys', async () => {
    await record(h.store, h.project, { sessionId: 'audited-session-00001', userId: 'u-audit', startedAt: Date.now() - 1_000 });
    const viewer = await h.bearer('viewer');
    const call = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
      h.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
    expect((await call('POST', '/api/v1/auth/login', {}, { token: viewer.token })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/sessions/audited-session-00001/events', viewer)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/sessions/audited-session-00001/export', viewer)).statusCode).toBe(200);
    expect((await call('PATCH', `/api/v1/projects/${h.project.id}`, h.admin, { retentionDays: 60 })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/tokens', h.admin, { role: 'viewer' })).statusCode).toBe(201);
    expect((await call('POST', `/api/v1/projects/${h.project.id}/rotate-key`, h.admin, { graceHours: 1 })).statusCode).toBe(200);
    expect((await call('DELETE', '/api/v1/sessions/audited-session-00001', h.admin)).statusCode).toBe(200);

    const res = await call('GET', '/api/v1/audit?limit=50', h.admin);
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as Array<{ actor: string; action: string; target: string | null; details: Record<string, unknown>; at: string }>;
    const adminId = (await h.store.tokens.list()).find((t) => t.label === 'bootstrap')!.id;
    expect(entries.map((e) => [e.actor, e.action, e.target]).reverse().slice(1)).toEqual([
      [viewer.tokenId, 'auth.login', null],
      [viewer.tokenId, 'session.view', 'audited-session-00001'],
      [viewer.tokenId, 'session.export', 'audited-session-00001'],
      [adminId, 'project.update', h.project.id],
      [adminId, 'token.create', expect.stringMatching(/^tok_/)],
      [adminId, 'project.rotate_key', h.project.id],
      [adminId, 'session.delete', 'audited-session-00001'],
    ]);
    expect(entries[0]!.details).toEqual({ deleted: 1 });
    expect(entries[3]!.details).toEqual({ changes: { retentionDays: 60 } });
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await h.store.audit.verify()).ok).toBe(true);
  });

  it('filters by action, actor, target and time, and pages with before', async () => {
    const t = Date.UTC(2026, 5, 1);
    for (let i = 0; i < 7; i++) await h.store.audit.append({ actor: i % 2 ? 'tok_a' : 'tok_b', action: i < 5 ? 'session.view' : 'session.export', target: `s-${i % 3}` }, t + i * 1_000);
    const q = async (query: string) => {
      const res = await h.app.inject({ url: `/api/v1/audit?${query}`, headers: h.admin });
      expect(res.statusCode, query).toBe(200);
      return res.json() as { entries: Array<{ id: number; target: string; at: string }>; nextBefore: number | null };
    };
    expect((await q('action=session.export')).entries).toHaveLength(2);
    expect((await q('actor=tok_a')).entries).toHaveLength(3);
    expect((await q('target=s-0&action=session.view')).entries).toHaveLength(2);
    expect((await q(`from=${new Date(t + 2_000).toISOString()}&to=${t + 4_000}`)).entries.map((e) => e.at)).toEqual([
      new Date(t + 3_000).toISOString(),
      new Date(t + 2_000).toISOString(),
    ]);
    const first = await q('action=session.view&limit=3');
    expect(first.entries).toHaveLength(3);
    const second = await q(`action=session.view&limit=3&before=${first.nextBefore}`);
    expect(second.entries).toHaveLength(2);
    expect(second.nextBefore).toBeNull();
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(5);
    expect((await h.app.inject({ url: '/api/v1/audit?limit=0', headers: h.admin })).statusCode).toBe(400);
    expect((await h.app.inject({ url: '/api/v1/audit?from=yesterday', headers: h.admin })).json().error.message).toMatch(/^from:/);
  });

  it('answers the chain check to admins over HTTP', async () => {
    const res = await h.app.inject({ url: '/api/v1/audit/verify', headers: h.admin });
    expect(res.json()).toMatchObject({ ok: true, entries: 1 });
  });
});
