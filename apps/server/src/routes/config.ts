import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { configQuerySchema, FLUSH_INTERVAL_MS, remoteConfigSchema, type RemoteConfig } from '@veil/protocol';
import { apiError } from '../errors.js';
import { routeSchema } from '../openapi/route-schema.js';

/** GET /api/v1/config?key=pk_… — the public remote config the recorder reads before it starts. */
export default async function configRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/config',
    {
      schema: routeSchema('public', {
        tags: ['recorder'],
        summary: "A project's remote config",
        description: 'Read by the recorder before it starts (CORS: any origin). `enabled: false` is the kill switch; never cached.',
        querystring: configQuerySchema,
        response: { 200: remoteConfigSchema },
        errors: [400, [401, 'The key is unknown, or was rotated out and its grace period is over (`invalid_key`).']],
      }),
    },
    async (request, reply) => {
      const project = await app.projectCache.byKey(request.query.key);
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
    },
  );
}
