import type { FastifyInstance } from 'fastify';
import { statfsSync } from 'node:fs';
import { z } from 'zod';
import { routeSchema } from '../openapi/route-schema.js';

const readiness = z.object({
  ok: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })).describe('database, migrations, disk'),
});

/**
 * GET /healthz — the process is up (no I/O, for liveness probes).
 * GET /readyz — ready for traffic: the database answers a write, migrations are at the latest
 * version, and the data dir's disk (SQLite; none with PostgreSQL) has more than the configured free space. 503 otherwise, with
 * each check's result, so an operator sees which one failed.
 */
export default async function healthRoutes(app: FastifyInstance, opts: { minFreeDiskMb: number }): Promise<void> {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: routeSchema('public', {
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ ok: z.literal(true) }) },
      }),
    },
    async () => ({ ok: true }),
  );

  const readyzSchema = routeSchema('public', {
    tags: ['operations'],
    summary: 'Readiness: database writable, migrations current, enough free disk',
    description: "503 when a check fails, with each check's result.",
    response: { 200: readiness, 503: readiness },
  });
  app.get('/readyz', { logLevel: 'warn', schema: readyzSchema }, async (_request, reply) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    let diskPath: string | null = null;
    try {
      const health = await app.store.health();
      diskPath = health.diskPath;
      checks.database = { ok: health.writable };
      checks.migrations = {
        ok: health.schemaVersion === health.latestSchemaVersion,
        detail: `${health.schemaVersion}/${health.latestSchemaVersion}`,
      };
    } catch {
      checks.database = { ok: false };
    }
    // A database on another machine (PostgreSQL) has no disk here to check: nothing durable is written locally.
    if (diskPath !== null) {
      try {
        const fs = statfsSync(diskPath);
        const freeMb = Math.floor((fs.bavail * fs.bsize) / 1024 / 1024);
        checks.disk = { ok: freeMb >= opts.minFreeDiskMb, detail: `${freeMb} MB free` };
      } catch {
        checks.disk = { ok: false };
      }
    }
    const ok = Object.values(checks).every((c) => c.ok);
    return reply.status(ok ? 200 : 503).send({ ok, checks });
  });
}
