import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { ServerConfig } from './config.js';
import { fastifyTrustProxy } from './auth/trust-proxy.js';
import { recorderCors } from './auth/recorder-cors.js';
import { loggerOptions, OneLinePerRequest } from './logging.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin from './plugins/errors.js';
import storePlugin from './plugins/store.js';
import projectCachePlugin from './plugins/project-cache.js';
import metricsPlugin from './plugins/metrics.js';
import openapiPlugin from './openapi/swagger.js';
import apiReferenceRoutes from './routes/api-reference.js';
import healthRoutes from './routes/health.js';
import adminRoutes from './routes/admin.js';
import auditRoutes from './routes/audit.js';
import deletionRoutes from './routes/deletion.js';
import portabilityRoutes from './routes/portability.js';
import authRoutes from './routes/auth.js';
import configRoutes from './routes/config.js';
import type { IngestOptions } from './ingest/ingest-options.js';
import ingestRoutes from './routes/ingest.js';
import sessionRoutes from './routes/sessions.js';
import staticRoutes from './routes/static.js';
import type { Store } from './store/types.js';

export interface AppOptions {
  config: Pick<ServerConfig, 'logLevel' | 'secureCookies'> & Partial<Pick<ServerConfig, 'trustProxy'>>;
  store: Store;
  /** false silences the log; `{ stream }` sends the JSON lines there (tests read them). */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** Operations: /metrics token, /readyz disk threshold; defaults when omitted. */
  ops?: { metricsToken?: string; minFreeDiskMb?: number };
  /** Ingest rate limit, load shedding and memory budget; production defaults when omitted. */
  ingest?: IngestOptions;
}

/** Builds the Fastify app (no listening): plugins first, then one encapsulated plugin per route group. */
export async function buildApp({ config, store, logger, ingest, ops = {} }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === false ? false : loggerOptions(config.logLevel, logger === undefined || logger === true ? undefined : (logger as { stream: NodeJS.WritableStream }).stream),
    logController: new OneLinePerRequest(),
    // Request ids travel back in x-request-id so a user's report can be matched to a log line.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    // Room for a 256-character end-user id percent-encoded in a path (up to 12 characters per
    // character); the routes' schemas then bound it with a message that names it.
    routerOptions: { maxParamLength: 4096 },
    // Slow clients cannot hold connections forever. Headers must arrive within 20 s (Node's own
    // default is 60 s); a whole request within 5 minutes (Node's default, which Fastify turns
    // off: an import of a 100 MiB file at 4 Mbit/s still fits). Both are checked every 5 s, not
    // Node's 30. Ingest bodies have their own, shorter, rate-based deadline (ingest/body-deadline.ts).
    requestTimeout: 300_000,
    http: { headersTimeout: 20_000, connectionsCheckingInterval: 5_000 },
    trustProxy: fastifyTrustProxy(config.trustProxy ?? false),
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(errorsPlugin);
  // Before any route: it validates with the routes' zod schemas and documents every route.
  await app.register(openapiPlugin);
  await app.register(storePlugin, { store });
  await app.register(projectCachePlugin);
  await app.register(authPlugin);
  await app.register(metricsPlugin, { metricsToken: ops.metricsToken });
  await app.register(healthRoutes, { minFreeDiskMb: ops.minFreeDiskMb ?? 100 });

  // The recorder's two routes are the only ones another origin may call.
  await app.register(async (recorderFacing) => {
    await recorderFacing.register(cors, recorderCors);
    await recorderFacing.register(configRoutes);
    await recorderFacing.register(ingestRoutes, ingest ?? {});
  });
  await app.register(authRoutes, { secureCookies: config.secureCookies });
  await app.register(sessionRoutes);
  await app.register(adminRoutes);
  await app.register(deletionRoutes);
  await app.register(auditRoutes);
  await app.register(portabilityRoutes);
  await app.register(apiReferenceRoutes);
  await app.register(staticRoutes);
  return app;
}
