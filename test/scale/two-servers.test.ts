import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rrwebBatch } from '../../apps/server/test/helpers/veil-harness.js';
import { batch } from '../../apps/server/test/store/support/backends.js';
import { openPostgresStore } from '../../apps/server/src/store/postgres/postgres-store.js';
import { postBatchText } from '../hardening/support/stall-probe.js';
import { hasPostgres, postgresTestDatabase } from '../helpers/postgres.js';
import { apiAs, REPO_ROOT, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';

const run = promisify(execFile);
const VEIL_CLI = join(REPO_ROOT, 'apps/server/bin/veil.js');
const DAY_MS = 86_400_000;

/**
 * The "done when": two real Veil servers on one PostgreSQL behave as one. Needs the
 * built server (node scripts/build.mjs) and a PostgreSQL (skipped without one).
 */
describe.skipIf(!hasPostgres())('two servers on one PostgreSQL', () => {
  let databaseUrl: string;
  let a: VeilServer;
  let b: VeilServer;
  const env = () => ({ VEIL_DATABASE_URL: databaseUrl });
  const owner = { projectId: '', projectKey: '', adminToken: '' };

  beforeAll(async () => {
    databaseUrl = (await postgresTestDatabase())!;
    // Both start at the same moment on the empty database: one bootstrap, whichever wins it.
    const placeholder = { projectId: '', projectKey: '', adminToken: '' };
    [a, b] = await Promise.all([startVeil({ env: env(), reuse: placeholder }), startVeil({ env: env(), reuse: placeholder })]);
    const bootstrapped = (s: VeilServer) => /admin token\s+\S+/.test(s.output());
    await waitFor(() => bootstrapped(a) || bootstrapped(b), 'the first-start banner');
    const banners = [a, b].filter(bootstrapped);
    expect(banners).toHaveLength(1);
    const out = banners[0]!.output();
    owner.projectId = /project id\s+(\S+)/.exec(out)![1]!;
    owner.projectKey = /project key\s+(\S+)/.exec(out)![1]!;
    owner.adminToken = /admin token\s+(\S+)/.exec(out)![1]!;
    for (const s of [a, b]) Object.assign(s, owner);
  });

  afterAll(async () => {
    for (const s of [a, b]) {
      await s?.stop();
      s?.cleanup();
    }
  });

  it('starts twice on an empty database with one default project and one admin token', async () => {
    const projects = await apiAs(b, '/api/v1/projects');
    expect(projects.status).toBe(200);
    expect(projects.body.projects.map((p: { id: string }) => p.id)).toEqual([owner.projectId]);
    const tokens = await apiAs(a, '/api/v1/tokens');
    expect(tokens.body.tokens.filter((t: { role: string }) => t.role === 'admin')).toHaveLength(1);
  });

  it('serves a project and a token made through one server on the other', async () => {
    const made = await apiAs(a, '/api/v1/projects', { method: 'POST', body: { name: 'Made on A' } });
    expect(made.status).toBe(201);
    const viewer = await apiAs(a, '/api/v1/tokens', { method: 'POST', body: { role: 'viewer' } });
    expect(viewer.status).toBe(201);
    expect((await apiAs(b, `/api/v1/projects/${made.body.id}`)).body.name).toBe('Made on A');
    const sessionId = 'made-on-a-session';
    const sent = await postBatchText({ url: b.url, projectKey: made.body.key }, JSON.stringify(rrwebBatch({ sessionId, startedAt: Date.now() - 60_000 }, 0)));
    expect(sent.status).toBe(200);
    const seen = await apiAs(a, `/api/v1/sessions/${sessionId}`, { token: viewer.body.token });
    expect(seen.status).toBe(200);
    expect(seen.body.projectId).toBe(made.body.id);
    // Revoked through B, refused by A at once: tokens live in the database, not in a server.
    expect((await apiAs(b, `/api/v1/tokens/${viewer.body.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await apiAs(a, `/api/v1/sessions/${sessionId}`, { token: viewer.body.token })).status).toBe(401);
  });

  it('keeps every acknowledged batch once when one server is killed mid-stream, and again after it restarts', async () => {
    const sessionId = 'spread-over-two-servers';
    const startedAt = Date.now() - 10 * 60_000;
    const SENDERS = 8;
    const PER_SENDER = 12;
    const acked = new Set<number>();
    let sentToA = 0;
    let killed: Promise<unknown> | null = null;
    // Each sender sends its share of the seqs, alternating servers (a load balancer); a send that
    // fails (A is gone) is retried on B, and a batch counts only once a server acknowledged it.
    const sender = async (k: number) => {
      for (let i = 0; i < PER_SENDER; i++) {
        const seq = k + i * SENDERS;
        const json = JSON.stringify(rrwebBatch({ sessionId, startedAt }, seq));
        const first = (seq % 2 === 0 ? a : b);
        let status = 0;
        for (const server of first === a ? [a, b] : [b, b]) {
          try {
            status = (await postBatchText({ url: server.url, projectKey: owner.projectKey }, json)).status;
            if (status === 200) break;
          } catch {
            // The connection died with the server: the recorder would retry; here, on B.
          }
        }
        if (status === 200) acked.add(seq);
        if (first === a && ++sentToA === 10 && !killed) killed = a.stop('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, k) => sender(k)));
    await killed;
    expect(a.process.signalCode).toBe('SIGKILL');
    expect(acked.size).toBe(SENDERS * PER_SENDER);

    const servedOnce = async (server: VeilServer) => {
      const events = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
      expect(events.status).toBe(200);
      // Every batch's Meta event carries its own timestamp: count them per seq.
      const metas = (events.body as Array<{ type: number; timestamp: number }>).filter((e) => e.type === 4);
      const seqs = metas.map((e) => (e.timestamp - startedAt) / 5_000).sort((x, y) => x - y);
      expect(seqs).toEqual([...acked].sort((x, y) => x - y));
    };
    await servedOnce(b);

    // A's restart: same database, nothing of its own; it serves the same recording.
    a = await startVeil({ env: env(), reuse: owner });
    await servedOnce(a);
    expect((await apiAs(a, `/api/v1/sessions/${sessionId}`)).body.batchCount).toBe(SENDERS * PER_SENDER);
  });

  it('stops ingest through the other server when recording is switched off through one', async () => {
    const made = await apiAs(a, '/api/v1/projects', { method: 'POST', body: { name: 'Switched off' } });
    const send = (seq: number) =>
      postBatchText({ url: b.url, projectKey: made.body.key }, JSON.stringify(rrwebBatch({ sessionId: 'kill-switch-session', startedAt: Date.now() - 60_000 }, seq)));
    const first = await send(0);
    expect(first.status, first.body).toBe(200);
    expect((await apiAs(a, `/api/v1/projects/${made.body.id}`, { method: 'PATCH', body: { enabled: false } })).status).toBe(200);
    // B caches project settings for at most 5 s.
    let seq = 1;
    const refused = await waitFor(async () => {
      const r = await send(seq++);
      return r.status === 403 ? r : null;
    }, 'B to refuse ingest for the switched-off project', 15_000);
    expect(JSON.parse(refused.body).error.code).toBe('recording_disabled');
  });

  it('answers 404 on one server for a session erased through the other, and 410 to its late batch', async () => {
    const sessionId = 'erased-through-a';
    const startedAt = Date.now() - 60_000;
    const send = (server: VeilServer, seq: number) => postBatchText(server, JSON.stringify(rrwebBatch({ sessionId, startedAt, userId: 'person-1' }, seq)));
    expect((await send(b, 0)).status).toBe(200);
    expect((await apiAs(a, `/api/v1/sessions/${sessionId}`)).status).toBe(200);
    expect((await apiAs(a, `/api/v1/sessions/${sessionId}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await apiAs(b, `/api/v1/sessions/${sessionId}`)).status).toBe(404);
    expect((await apiAs(b, `/api/v1/sessions/${sessionId}/events`)).status).toBe(404);
    const late = await send(b, 1);
    expect(late.status).toBe(410);
    expect(JSON.parse(late.body).error.code).toBe('session_erased');
  });

  it('runs two retention sweeps at once from the CLI without failing or double counting, and the audit chain verifies', async () => {
    // Expired recordings, written straight into the shared database (ingest refuses old times).
    const store = await openPostgresStore(databaseUrl);
    const project = await store.projects.create('Short retention', Date.now());
    await store.projects.update(project.id, { retentionDays: 1 });
    const EXPIRED = 30;
    for (let i = 0; i < EXPIRED; i++) {
      await store.sessions.appendBatch(batch({ projectId: project.id, sessionId: `expired-${i}`, seq: 0, firstTs: Date.now() - 3 * DAY_MS }), Date.now());
    }
    await store.close();
    const cli = (...args: string[]) => run(process.execPath, [VEIL_CLI, ...args, '--json'], { env: { ...process.env, ...env(), VEIL_LOG_LEVEL: 'silent' } });
    const sweeps = await Promise.all([cli('retention', 'run'), cli('retention', 'run')]);
    const deleted = sweeps.map((r) => (JSON.parse(r.stdout) as { deleted: number }).deleted);
    expect(deleted[0]! + deleted[1]!).toBe(EXPIRED);
    const verified = JSON.parse((await cli('audit', 'verify')).stdout) as { ok: boolean; entries: number };
    expect(verified.ok).toBe(true);
    expect(verified.entries).toBeGreaterThan(5);
  });

  it('keeps serving when the other server is gone: nothing durable lives on a server', async () => {
    await b.stop();
    b.cleanup();
    const health = await fetch(`${a.url}/readyz`);
    expect(health.status).toBe(200);
    const metrics = await fetch(`${a.url}/metrics`, { headers: { authorization: `Bearer ${owner.adminToken}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^veil_sessions_stored [1-9]/m);
    expect(text).toMatch(/^veil_database_size_bytes [1-9]/m);
    b = await startVeil({ env: env(), reuse: owner });
    expect((await apiAs(b, `/api/v1/sessions?limit=100`)).status).toBe(200);
  });
});
