import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import rateLimit from '@fastify/rate-limit';
import { loginSchema, okSchema, principalSchema } from '@veil/protocol';
import { apiError } from '../errors.js';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../auth/cookies.js';
import { routeSchema } from '../openapi/route-schema.js';
import { CSRF_HEADER } from '../plugins/auth.js';

/** How long a viewer login lasts. */
const LOGIN_TTL_MS = 12 * 60 * 60_000;

/** The viewer's login: a token is exchanged for an HttpOnly, SameSite=Strict session cookie. */
export default async function authRoutes(fastify: FastifyInstance, opts: { secureCookies: 'true' | 'false' | 'auto' }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await app.register(rateLimit, { global: false });
  const secure = (protocol: string) => opts.secureCookies === 'true' || (opts.secureCookies === 'auto' && protocol === 'https');

  app.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: routeSchema('public', {
        tags: ['auth'],
        summary: 'Exchange a token for the session cookie',
        description: `Sets the HttpOnly, SameSite=Strict \`${SESSION_COOKIE}\` cookie (12 hours). At most 10 attempts a minute per address; failures are audited.`,
        body: loginSchema,
        response: { 200: principalSchema },
        errors: [400, [401, 'The token is unknown, revoked or expired (`invalid_token`).'], 429],
      }),
    },
    async (request, reply) => {
      const now = Date.now();
      const principal = app.store.tokens.verify(request.body.token, now);
      if (!principal) {
        app.store.audit.append({ actor: 'anonymous', action: 'auth.login_failed', details: { ip: 'redacted' } }, now);
        throw apiError('invalid_token');
      }
      const cookie = app.store.tokens.createLogin(principal.tokenId, now, LOGIN_TTL_MS);
      app.store.audit.append({ actor: principal.tokenId, action: 'auth.login' }, now);
      reply.header('set-cookie', sessionCookie(cookie, { maxAgeS: LOGIN_TTL_MS / 1000, secure: secure(request.protocol) }));
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
      const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (cookie !== undefined) {
        // A cross-site page must not be able to end someone's login either.
        if (request.headers[CSRF_HEADER] !== '1') throw apiError('csrf_failed');
        const principal = cookie.length <= 200 ? app.store.tokens.verifyLogin(cookie, Date.now()) : null;
        if (cookie.length <= 200) app.store.tokens.deleteLogin(cookie);
        if (principal) app.store.audit.append({ actor: principal.tokenId, action: 'auth.logout' }, Date.now());
      }
      reply.header('set-cookie', sessionCookie('', { maxAgeS: 0, secure: secure(request.protocol) }));
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
