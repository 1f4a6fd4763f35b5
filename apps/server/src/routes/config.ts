import type { FastifyInstance } from 'fastify';
import { FLUSH_INTERVAL_MS, type RemoteConfig } from '@veil/protocol';
import { apiError } from '../errors.js';

/** GET /api/v1/config?key=pk_… — the public remote config the recorder reads before it starts. */
export default async function configRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { key?: string } }>('/api/v1/config', async (request, reply) => {
    const key = request.query.key;
    const project = typeof key === 'string' && key.length <= 128 ? app.store.projects.getByKey(key) : null;
    if (!project) throw apiError('invalid_key');
    const config: RemoteConfig = {
      enabled: project.enabled,
      sampleRate: project.sampleRate,
      privacyLevel: project.privacyLevel,
      urlAllowlist: project.urlAllowlist,
      flushIntervalMs: FLUSH_INTERVAL_MS.default,
    };
    // Short cache: the kill switch must reach new page loads within seconds.
    reply.header('cache-control', 'no-store');
    return config;
  });
}
