import type { FastifyReply, FastifyRequest } from 'fastify';

/** Name of the viewer's login cookie. */
export const SESSION_COOKIE = 'veil_session';

/**
 * What a login id looks like (`vls_` + base64url, see the token store's createLogin). A cookie of
 * any other shape, a malformed percent-encoding among them, is no login: it is never looked up.
 */
const LOGIN_ID = /^vls_[A-Za-z0-9_-]{1,200}$/;

/**
 * The login id the request's cookie carries, or undefined when there is none or it is malformed.
 * The Cookie header is parsed by @fastify/cookie (registered by the auth plugin), which never
 * throws on bad input: a value it cannot decode is kept as sent, and then fails the shape check.
 */
export function readLoginCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[SESSION_COOKIE];
  return value !== undefined && LOGIN_ID.test(value) ? value : undefined;
}

/** Sets the login cookie: HttpOnly, SameSite=Strict, Path=/, Secure when `secure`. */
export function setLoginCookie(reply: FastifyReply, value: string, opts: { maxAgeS: number; secure: boolean }): void {
  reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: opts.maxAgeS, secure: opts.secure });
}

/** Clears the login cookie (same attributes, empty value, Max-Age=0). */
export function clearLoginCookie(reply: FastifyReply, opts: { secure: boolean }): void {
  setLoginCookie(reply, '', { maxAgeS: 0, secure: opts.secure });
}
