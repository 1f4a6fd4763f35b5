import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rrwebBatch } from '../../apps/server/test/helpers/veil-harness.js';
import { postBatchText } from '../hardening/support/stall-probe.js';
import { findPostgresBinaries, startPostgres, type PostgresCluster } from '../helpers/postgres.js';
import { startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';

/**
 * Losing PostgreSQL while serving is not a crash: /readyz fails and ingest answers 503
 * `unavailable` (the recorder keeps its batch and retries); when the database is back, both
 * recover without a restart. This file runs its own cluster: it stops it.
 */
describe.skipIf(findPostgresBinaries() === null)('a server whose PostgreSQL goes away', () => {
  let cluster: PostgresCluster;
  let server: VeilServer;

  beforeAll(async () => {
    cluster = (await startPostgres())!;
    server = await startVeil({ env: { VEIL_DATABASE_URL: cluster.url } });
  });
  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
    await cluster?.stop();
  });

  const send = (seq: number) =>
    postBatchText(server, JSON.stringify(rrwebBatch({ sessionId: 'survives-database-loss', startedAt: Date.now() - 60_000 }, seq)));

  it('answers 503 on /readyz and ingest while the database is down, and recovers when it is back', async () => {
    expect((await send(0)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await cluster.halt();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.database.ok).toBe(false);
    const refused = await send(1);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error.code).toBe('unavailable');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();

    await cluster.resume();
    await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, '/readyz to recover');
    expect((await send(1)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  });
});
