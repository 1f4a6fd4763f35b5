import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { ServerConfig } from './config.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin from './plugins/errors.js';
import storePlugin from './plugins/store.js';
import adminRoutes from './routes/admin.js';
import authRoutes from './routes/auth.js';
import configRoutes from './routes/config.js';
import ingestRoutes from './routes/ingest.js';
import sessionRoutes from './routes/sessions.js';
import staticRoutes from './routes/static.js';
import type { Store } from './store/types.js';

export interface AppOptions {
  config: Pick<ServerConfig, 'logLevel' | 'secureCookies'>;
  store: Store;
  /** Pino options or false; tests pass a stream to read the log. */
  logger?: boolean | object;
}

/** Builds the Fastify app (no listening): plugins first, then one encapsulated plugin per route group. */
export async function buildApp({ config, store, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    // Request ids travel back in x-request-id so a user's report can be matched to a log line.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(errorsPlugin);
  await app.register(storePlugin, { store });
  await app.register(authPlugin);

  // The recorder's two routes are the only ones another origin may call.
  await app.register(async (recorderFacing) => {
    await recorderFacing.register(cors, {
      origin: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'content-encoding', 'x-veil-key'],
      maxAge: 600,
    });
    await recorderFacing.register(configRoutes);
    await recorderFacing.register(ingestRoutes);
  });
  await app.register(authRoutes, { secureCookies: config.secureCookies });
  await app.register(sessionRoutes);
  await app.register(adminRoutes);
  await app.register(staticRoutes);
  return app;
}
