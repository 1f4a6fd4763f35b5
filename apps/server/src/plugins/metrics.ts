import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { apiError } from '../errors.js';
import { createVeilMetrics, type VeilMetrics } from '../metrics/veil-metrics.js';
import { routeSchema } from '../openapi/route-schema.js';
import type { StoreStats } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: VeilMetrics;
  }
  interface FastifyRequest {
    /** The error code this request was answered with, for metrics (set by the error handler). */
    errorCode: string | null;
    /** Set by ingest on success: what was stored. */
    ingestOutcome: { duplicate: boolean; events: number; redactionsByKind: Readonly<Record<string, number>> } | null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Prometheus metrics at GET /metrics. Readable with `VEIL_METRICS_TOKEN` (for a scraper that
 * should hold no other power) or an admin token. Latency is observed per route pattern, so
 * ids in URLs never become label values.
 */
export default fp<{ metricsToken: string | undefined }>(
  async (app, opts) => {
    // Read once per scrape, before rendering: the gauges themselves are synchronous.
    let storeStats: StoreStats | null = null;
    const metrics = createVeilMetrics({ storeStats: () => storeStats });
    app.decorate('metrics', metrics);
    app.decorateRequest('errorCode', null);
    app.decorateRequest('ingestOutcome', null);
    app.addHook('onClose', async () => metrics.stopMonitoring());

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      metrics.requestDuration.observe(
        { route, method: request.method, status: `${Math.floor(status / 100)}xx` },
        reply.elapsedTime / 1000,
      );
      if (route === '/api/v1/ingest' && request.method === 'POST') recordIngest(metrics, request, status);
    });

    const admin = app.requireRole('admin');
    const schema = routeSchema('admin', {
      tags: ['operations'],
      summary: 'Prometheus metrics',
      description: 'Readable with `VEIL_METRICS_TOKEN` (a scraper credential with no other power) or an admin token, as a bearer token; the login cookie is not accepted.',
      security: [{ bearerAuth: [] }],
      response: { 200: { description: 'Prometheus text format 0.0.4.', content: { 'text/plain': { schema: z.string() } } } },
    });
    app.get('/metrics', { logLevel: 'warn', schema }, async (request, reply) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!(opts.metricsToken && bearer && sameSecret(bearer, opts.metricsToken))) {
        if (!bearer) throw apiError('unauthorized');
        await admin(request, reply);
      }
      try {
        storeStats = await app.store.stats();
      } catch (err) {
        request.log.warn({ err }, 'store figures unavailable for /metrics');
        storeStats = null;
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.registry.render());
    });
  },
  { name: 'veil-metrics', dependencies: ['veil-store', 'veil-auth'] },
);

function recordIngest(metrics: VeilMetrics, request: FastifyRequest, status: number): void {
  const bytes = Number(request.headers['content-length']) || 0;
  const outcome = request.ingestOutcome;
  if (status < 300 && outcome) {
    const label = outcome.duplicate ? 'duplicate' : 'stored';
    metrics.ingestBatches.inc({ outcome: label, code: 'ok' });
    metrics.ingestBytes.inc({ outcome: label }, bytes);
    if (!outcome.duplicate) {
      metrics.eventsStored.inc({}, outcome.events);
      for (const [kind, n] of Object.entries(outcome.redactionsByKind)) if (n > 0) metrics.redactions.inc({ detector: kind }, n);
    }
  } else {
    metrics.ingestBatches.inc({ outcome: 'rejected', code: request.errorCode ?? String(status) });
    metrics.ingestBytes.inc({ outcome: 'rejected' }, bytes);
  }
}
