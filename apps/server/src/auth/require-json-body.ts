import type { FastifyRequest } from 'fastify';
import { apiError } from '../errors.js';

/**
 * An onRequest hook that refuses any body but `application/json` with 415, before it is parsed
 * or counted. A cross-site page can send text/plain, form or multipart bodies without asking
 * (a `no-cors` request); JSON needs a CORS preflight, which the login route never grants, so
 * only Veil's own viewer and API clients get past this.
 */
export async function requireJsonBody(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw apiError('unsupported_media_type', 'Send the body as application/json.');
}
