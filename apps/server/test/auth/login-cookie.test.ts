import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bootstrap } from '../../src/bootstrap.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { record, startHarness, type Harness } from '../helpers/veil-harness.js';

const cookieOf = (setCookie: string | string[] | undefined) => String(setCookie).split(';')[0]!;

describe('viewer login: token for an HttpOnly session cookie', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await record(h.store, h.project, { sessionId: 'cookie-session-000001', startedAt: Date.now() - 1_000 });
  });
  afterEach(async () => h.close());

  const login = (token: string) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { token } });

  it('sets an HttpOnly, SameSite=Strict cookie (not Secure over plain HTTP) that authenticates reads', async () => {
    const res = await login(h.boot.adminToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'admin' });
    const setCookie = String(res.headers['set-cookie']);
    const [pair, ...attributes] = setCookie.split('; ');
    expect(pair).toMatch(/^veil_session=vls_[\w-]+$/);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Strict']);
    expect(setCookie).not.toContain(h.boot.adminToken);
    const me = await h.app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookieOf(res.headers['set-cookie']) } });
    expect(me.statusCode).toBe(200);
  });

  it('refuses a cookie-authenticated change without X-Veil-CSRF, and allows it with', async () => {
    const cookie = cookieOf((await login(h.boot.adminToken)).headers['set-cookie']);
    const patch = (headers: Record<string, string>) =>
      h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: { cookie, ...headers }, payload: { enabled: false } });
    const refused = await patch({});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('csrf_failed');
    expect((await h.store.projects.get(h.project.id))!.enabled).toBe(true);
    const del = await h.app.inject({ method: 'DELETE', url: '/api/v1/sessions/cookie-session-000001', headers: { cookie } });
    expect(del.json().error.code).toBe('csrf_failed');
    expect(await h.store.sessions.get('cookie-session-000001', Date.now())).not.toBeNull();
    expect((await patch({ 'x-veil-csrf': '1' })).statusCode).toBe(200);
    expect((await h.store.projects.get(h.project.id))!.enabled).toBe(false);
  });

  it('does not need the CSRF header for bearer tokens (no ambient credential to abuse)', async () => {
    const res = await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { enabled: false } });
    expect(res.statusCode).toBe(200);
  });

  it('ends the login on logout: the cookie no longer works', async () => {
    const cookie = cookieOf((await login(h.boot.adminToken)).headers['set-cookie']);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).json().error.code).toBe('csrf_failed');
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-veil-csrf': '1' } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await h.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(await h.store.audit.list({ action: 'auth.logout', limit: 5 })).toHaveLength(1);
  });

  it('ends every login of a token when the token is revoked', async () => {
    const viewer = await h.bearer('viewer');
    const cookie = cookieOf((await login(viewer.token)).headers['set-cookie']);
    expect((await h.app.inject({ url: '/api/v1/sessions', headers: { cookie } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${viewer.tokenId}`, headers: h.admin })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v1/sessions', headers: { cookie } })).statusCode).toBe(401);
    expect((await login(viewer.token)).statusCode).toBe(401);
  });

  it('refuses expired, unknown and malformed tokens, and audits the failure without the token', async () => {
    expect((await login((await h.bearer('viewer', Date.now() - 1)).token)).statusCode).toBe(401);
    expect((await login('vvt_not-a-real-token')).statusCode).toBe(401);
    expect((await login('')).statusCode).toBe(400);
    const failures = await h.store.audit.list({ action: 'auth.login_failed', limit: 10 });
    expect(failures).toHaveLength(2);
    expect(JSON.stringify(failures)).not.toContain('vvt_not-a-real-token');
    expect((await h.app.inject({ url: '/api/v1/auth/me', headers: { cookie: 'veil_session=vls_forged' } })).statusCode).toBe(401);
  });

  it('rate-limits failed login attempts: the 11th wrong token within a minute gets 429 with Retry-After', async () => {
    for (let i = 0; i < 10; i++) expect((await login(`vvt_guess-${i}`)).statusCode).toBe(401);
    const limited = await login('vvt_guess-10');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other routes are not limited by it.
    expect((await h.app.inject({ url: '/api/v1/sessions', headers: h.admin })).statusCode).toBe(200);
  });
});

describe('session cookie over HTTPS', () => {
  it('carries Secure when VEIL_SECURE_COOKIES=true', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veil-secure-'));
    const store = createSqliteStore(dir);
    const boot = (await bootstrap(store, Date.now()))!;
    const app = await buildApp({ config: { logLevel: 'silent', secureCookies: 'true' }, store, logger: false });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { token: boot.adminToken } });
      expect(String(res.headers['set-cookie']).split('; ')).toContain('Secure');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
