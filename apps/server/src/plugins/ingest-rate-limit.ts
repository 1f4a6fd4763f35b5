import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { MAX_PROJECT_KEY_LENGTH } from '@veil/protocol/limits';
import { apiError } from '../errors.js';
import type { ResolvedIngestOptions } from '../ingest/ingest-options.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Rate limit per project key and client address, checked on request (before any body is read),
 * answering 429 `rate_limited` with Retry-After. Beacons carry their key in the body, so they
 * share one bucket per address. Loopback is exempt by default: behind a reverse proxy on the same
 * host every client would share its address, and a local load test is not an abusive client.
 * Its hooks apply where it is registered (ingest).
 */
export default fp<Exclude<ResolvedIngestOptions['rateLimit'], false>>(
  async (app, options) => {
    await app.register(rateLimit, {
      max: options.max,
      timeWindow: options.timeWindowMs,
      keyGenerator: (request: FastifyRequest) => {
        const key = request.headers['x-veil-key'];
        return `${typeof key === 'string' ? key.slice(0, MAX_PROJECT_KEY_LENGTH) : 'beacon'}|${request.ip}`;
      },
      ...(options.exemptLoopback ? { allowList: (request: FastifyRequest) => LOOPBACK.has(request.ip) } : {}),
      errorResponseBuilder: (_request, context) => apiError('rate_limited', `Too many requests; retry in ${context.after}.`),
    });
  },
  { name: 'veil-ingest-rate-limit' },
);
