import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { apiError } from '../errors.js';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../auth/cookies.js';
import { CSRF_HEADER } from '../plugins/auth.js';
import { parseOr400 } from '../util/validate.js';

/** How long a viewer login lasts. */
const LOGIN_TTL_MS = 12 * 60 * 60_000;
const loginSchema = z.strictObject({ token: z.string().min(1).max(200) });

/** The viewer's login: a token is exchanged for an HttpOnly, SameSite=Strict session cookie. */
export default async function authRoutes(app: FastifyInstance, opts: { secureCookies: 'true' | 'false' | 'auto' }): Promise<void> {
  await app.register(rateLimit, { global: false });
  const secure = (protocol: string) => opts.secureCookies === 'true' || (opts.secureCookies === 'auto' && protocol === 'https');

  app.post(
    '/api/v1/auth/login',
    { config: { rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { token } = parseOr400(loginSchema, request.body);
      const now = Date.now();
      const principal = app.store.tokens.verify(token, now);
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

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie !== undefined) {
      // A cross-site page must not be able to end someone's login either.
      if (request.headers[CSRF_HEADER] !== '1') throw apiError('csrf_failed');
      const principal = cookie.length <= 200 ? app.store.tokens.verifyLogin(cookie, Date.now()) : null;
      if (cookie.length <= 200) app.store.tokens.deleteLogin(cookie);
      if (principal) app.store.audit.append({ actor: principal.tokenId, action: 'auth.logout' }, Date.now());
    }
    reply.header('set-cookie', sessionCookie('', { maxAgeS: 0, secure: secure(request.protocol) }));
    return { ok: true };
  });

  app.get('/api/v1/auth/me', { onRequest: app.requireRole('viewer') }, async (request) => request.principal);
}
