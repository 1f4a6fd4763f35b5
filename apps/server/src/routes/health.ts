import type { FastifyInstance } from 'fastify';
import { statfsSync } from 'node:fs';

/**
 * GET /healthz — the process is up (no I/O, for liveness probes).
 * GET /readyz — ready for traffic: the database answers a write, migrations are at the latest
 * version, and the data dir's disk has more than the configured free space. 503 otherwise, with
 * each check's result, so an operator sees which one failed.
 */
export default async function healthRoutes(app: FastifyInstance, opts: { minFreeDiskMb: number }): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ ok: true }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    let dataDir = '.';
    try {
      const health = app.store.health();
      dataDir = health.dataDir;
      checks.database = { ok: health.writable };
      checks.migrations = {
        ok: health.schemaVersion === health.latestSchemaVersion,
        detail: `${health.schemaVersion}/${health.latestSchemaVersion}`,
      };
    } catch {
      checks.database = { ok: false };
    }
    try {
      const fs = statfsSync(dataDir);
      const freeMb = Math.floor((fs.bavail * fs.bsize) / 1024 / 1024);
      checks.disk = { ok: freeMb >= opts.minFreeDiskMb, detail: `${freeMb} MB free` };
    } catch {
      checks.disk = { ok: false };
    }
    const ok = Object.values(checks).every((c) => c.ok);
    return reply.status(ok ? 200 : 503).send({ ok, checks });
  });
}
