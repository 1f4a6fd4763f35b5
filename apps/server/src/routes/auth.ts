import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginSchema, okSchema, principalSchema } from '@veil/protocol';
import { apiError } from '../errors.js';
import { clearLoginCookie, readLoginCookie, SESSION_COOKIE, setLoginCookie } from '../auth/cookies.js';
import { createLoginThrottle, LOGIN_MAX_FAILURES } from '../auth/login-throttle.js';
import { requireJsonBody } from '../auth/require-json-body.js';
import { routeSchema } from '../openapi/route-schema.js';
import { CSRF_HEADER } from '../plugins/auth.js';
import { endLogin, startLogin } from '../services/login-service.js';

/** How long a viewer login lasts. */
const LOGIN_TTL_MS = 12 * 60 * 60_000;

/**
 * The viewer's login: a token is exchanged for an HttpOnly, SameSite=Strict session cookie.
 * Failed attempts are limited per client address; a right token always logs in, so the limit
 * cannot be used to lock its owner out. That the limit then does not stop an attacker from
 * trying on is no loss: tokens are 256-bit random values, which no rate of guessing finds.
 */
export default async function authRoutes(fastify: FastifyInstance, opts: { secureCookies: 'true' | 'false' | 'auto' }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const throttle = createLoginThrottle(app.store);
  const secure = (protocol: string) => opts.secureCookies === 'true' || (opts.secureCookies === 'auto' && protocol === 'https');

  app.post(
    '/api/v1/auth/login',
    {
      onRequest: requireJsonBody,
      schema: routeSchema('public', {
        tags: ['auth'],
        summary: 'Exchange a token for the session cookie',
        description: `Sets the HttpOnly, SameSite=Strict \`${SESSION_COOKIE}\` cookie (12 hours). Only \`application/json\` bodies are accepted (415 otherwise). After ${LOGIN_MAX_FAILURES} failed attempts in a minute from one address, wrong tokens from it get 429 until the minute is over; a right token always logs in. Failures are audited.`,
        body: loginSchema,
        response: { 200: principalSchema },
        errors: [400, [401, 'The token is unknown, revoked or expired (`invalid_token`).'], 415, [429, 'A wrong token from an address with too many recent failures (`rate_limited`).']],
      }),
    },
    async (request, reply) => {
      const now = Date.now();
      const principal = await app.store.tokens.verify(request.body.token, now);
      if (!principal) {
        const waitMs = await throttle.retryAfterMs(request.ip, now);
        if (waitMs > 0) throw apiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
        await throttle.recordFailure(request.ip, now);
        await app.store.audit.append({ actor: 'anonymous', action: 'auth.login_failed', details: { ip: 'redacted' } }, now);
        throw apiError('invalid_token');
      }
      const cookie = await startLogin(app.store, principal, now, LOGIN_TTL_MS);
      setLoginCookie(reply, cookie, { maxAgeS: LOGIN_TTL_MS / 1000, secure: secure(request.protocol) });
      return { role: principal.role, tokenId: principal.tokenId };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: routeSchema('public', {
        tags: ['auth'],
        summary: 'End the login',
        description: 'Ends the login of the session cookie, if one is sent (then `X-Veil-CSRF: 1` is required), and clears the cookie.',
        response: { 200: okSchema },
        errors: [[403, 'A session cookie without `X-Veil-CSRF: 1` (`csrf_failed`).']],
      }),
    },
    async (request, reply) => {
      const cookie = readLoginCookie(request);
      if (cookie !== undefined) {
        // A cross-site page must not be able to end someone's login either.
        if (request.headers[CSRF_HEADER] !== '1') throw apiError('csrf_failed');
        await endLogin(app.store, cookie, Date.now());
      }
      clearLoginCookie(reply, { secure: secure(request.protocol) });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      onRequest: app.requireRole('viewer'),
      schema: routeSchema('viewer', {
        tags: ['auth'],
        summary: 'Who am I',
        response: { 200: principalSchema },
      }),
    },
    async (request) => ({ role: request.principal!.role, tokenId: request.principal!.tokenId }),
  );
}
