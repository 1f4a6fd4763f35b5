import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenRole } from '@veil/protocol';
import { apiError } from '../errors.js';
import type { Principal } from '../store/types.js';
import { readLoginCookie } from '../auth/cookies.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** A preHandler that requires a viewer or admin credential (admin satisfies viewer). */
    requireRole(role: TokenRole): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /**
     * Every route registered after this plugin, as `METHOD url`: the authorization matrix test
     * enumerates it, so a route added without a matrix entry fails that test.
     */
    readonly routeTable: ReadonlyArray<{ method: string; url: string }>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Header that cookie-authenticated changes must carry; a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-veil-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves `Authorization: Bearer <token>` or the viewer's session cookie to a principal.
 * Ingest keys are not tokens: they never authenticate here, so they can only write batches.
 * A missing or malformed cookie is no login (401 `unauthorized`); a well-formed one that is
 * unknown, expired or revoked is 401 `invalid_token`.
 */
export default fp(
  async (app) => {
    // Parses the Cookie header for every route (it never throws on malformed input).
    await app.register(cookie);
    app.decorateRequest('principal', null);
    const routes: Array<{ method: string; url: string }> = [];
    app.decorate('routeTable', routes);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
    app.decorate('requireRole', (role: TokenRole) => async (request: FastifyRequest) => {
      const now = Date.now();
      const auth = request.headers.authorization;
      let principal: Principal | null = null;
      if (auth !== undefined) {
        const match = /^Bearer\s+(\S{1,200})$/i.exec(auth);
        principal = match ? await app.store.tokens.verify(match[1]!, now) : null;
        if (!principal) throw apiError('invalid_token');
      } else {
        const login = readLoginCookie(request);
        if (login === undefined) throw apiError('unauthorized');
        principal = await app.store.tokens.verifyLogin(login, now);
        if (!principal) throw apiError('invalid_token');
        if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== '1') throw apiError('csrf_failed');
      }
      if (role === 'admin' && principal.role !== 'admin') throw apiError('forbidden');
      request.principal = principal;
    });
  },
  { name: 'veil-auth', dependencies: ['veil-store'] },
);
