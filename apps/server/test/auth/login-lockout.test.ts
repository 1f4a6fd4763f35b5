import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';

interface App {
  app: FastifyInstance;
  boot: BootstrapResult;
  /** Every log line the app wrote, parsed. */
  log(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The real app on a real SQLite file, with the proxy setting parsed as the server parses it. */
async function startApp(env: Record<string, string> = {}): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-login-'));
  const store = createSqliteStore(dir);
  const boot = (await bootstrap(store, Date.now()))!;
  const config = loadConfig({ VEIL_DATA_DIR: dir, VEIL_LOG_LEVEL: 'info', ...env });
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const app = await buildApp({ config, store, logger: { stream } });
  return {
    app,
    boot,
    log: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const loginJson = (t: App, token: string, extra: Omit<InjectOptions, 'method' | 'url' | 'payload'> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { token }, ...extra });

describe('login cookie parsing', () => {
  let t: App;
  afterEach(async () => t?.close());

  it('treats a malformed cookie as no login: 401 unauthorized, no 500 and no stack trace in the log', async () => {
    t = await startApp();
    for (const cookie of ['veil_session=%E0%A4%A', 'veil_session=%', 'veil_session="unterminated', 'veil_session=vls_%ZZ; other=%E0%A4%A']) {
      const res = await t.app.inject({ url: '/api/v1/sessions', headers: { cookie } });
      expect(res.statusCode, cookie).toBe(401);
      expect(res.json().error.code, cookie).toBe('unauthorized');
      // The same answer as no cookie at all.
      expect(res.json()).toEqual((await t.app.inject({ url: '/api/v1/sessions' })).json());
    }
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: 'veil_session=%E0%A4%A' } });
    expect(logout.statusCode).toBe(200);
    const lines = t.log();
    expect(lines.some((l) => l.msg === 'request completed')).toBe(true); // the log was captured
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/URIError|stack/);
  });
});

describe('login limit: failures count, a hostile page cannot lock the admin out', () => {
  let t: App;
  afterEach(async () => t?.close());

  it('refuses text/plain and form bodies with 415 without counting them', async () => {
    t = await startApp();
    // What a page's `fetch(veil, { mode: 'no-cors', method: 'POST', body })` can send without a preflight.
    for (let i = 0; i < 30; i++) {
      const type = ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'][i % 3]!;
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': type }, payload: JSON.stringify({ token: `vat_guess-${i}` }) });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    expect((await loginJson(t, 'vat_still-counted-from-zero')).statusCode).toBe(401);
    const ok = await loginJson(t, t.boot.adminToken);
    expect(ok.statusCode).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/^veil_session=vls_/);
  });

  it('answers 429 with Retry-After to wrong tokens after 10 failures, and still logs a right token in', async () => {
    t = await startApp();
    for (let i = 0; i < 10; i++) expect((await loginJson(t, `vat_guess-${i}`)).statusCode).toBe(401);
    const limited = await loginJson(t, 'vat_guess-10');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    const ok = await loginJson(t, t.boot.adminToken);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ role: 'admin' });
    // Successes are not failures: the address stays limited for wrong tokens, no more.
    expect((await loginJson(t, 'vat_guess-11')).statusCode).toBe(429);
    // Only the counted failures reach the audit log (an attacker cannot flood it).
    const audited = await t.app.inject({ url: '/api/v1/audit?action=auth.login_failed&limit=100', headers: { authorization: `Bearer ${t.boot.adminToken}` } });
    expect(audited.json().entries).toHaveLength(10);
  });

  it('keys the limit on the client address: another address is not limited', async () => {
    t = await startApp();
    for (let i = 0; i < 10; i++) expect((await loginJson(t, `vat_guess-${i}`, { remoteAddress: '198.51.100.1' })).statusCode).toBe(401);
    expect((await loginJson(t, 'vat_guess', { remoteAddress: '198.51.100.1' })).statusCode).toBe(429);
    expect((await loginJson(t, 'vat_guess', { remoteAddress: '198.51.100.2' })).statusCode).toBe(401);
    // One IPv6 host holds a whole /64: its addresses share one count.
    for (let i = 0; i < 10; i++) expect((await loginJson(t, 'vat_guess', { remoteAddress: `2001:db8:1:2::${i + 1}` })).statusCode).toBe(401);
    expect((await loginJson(t, 'vat_guess', { remoteAddress: '2001:db8:1:2:ffff::7' })).statusCode).toBe(429);
    expect((await loginJson(t, 'vat_guess', { remoteAddress: '2001:db8:1:3::1' })).statusCode).toBe(401);
  });
});

describe('client address behind proxies (VEIL_TRUST_PROXY)', () => {
  let t: App;
  afterEach(async () => t?.close());

  /** A request as the proxy on 127.0.0.1 forwards it, the client having written `spoofed` itself. */
  const viaProxy = (spoofed: string, client: string) => ({
    remoteAddress: '127.0.0.1',
    headers: { 'x-forwarded-for': `${spoofed}, ${client}` },
  });

  it('with a hop count of 1, counts the right-most X-Forwarded-For entry: rotating the left-most does not bypass the limit', async () => {
    t = await startApp({ VEIL_TRUST_PROXY: '1' });
    for (let i = 0; i < 10; i++) expect((await loginJson(t, 'vat_guess', viaProxy(`10.9.${i}.1`, '203.0.113.7'))).statusCode).toBe(401);
    expect((await loginJson(t, 'vat_guess', viaProxy('10.9.99.1', '203.0.113.7'))).statusCode).toBe(429);
    // Another real client behind the same proxy is not limited.
    expect((await loginJson(t, 'vat_guess', viaProxy('10.9.99.1', '203.0.113.8'))).statusCode).toBe(401);
  });

  it('with a list of proxy addresses, trusts only hops from them', async () => {
    t = await startApp({ VEIL_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' });
    // client -> 10.0.0.5 (inner proxy) -> 127.0.0.1 (outer proxy) -> Veil
    const chain = (spoofed: string) => ({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': `${spoofed}, 203.0.113.9, 10.0.0.5` } });
    for (let i = 0; i < 10; i++) expect((await loginJson(t, 'vat_guess', chain(`192.0.2.${i}`))).statusCode).toBe(401);
    expect((await loginJson(t, 'vat_guess', chain('192.0.2.200'))).statusCode).toBe(429);
    // A client that reaches Veil directly cannot claim an address: its header is not believed.
    for (let i = 0; i < 10; i++) {
      const direct = { remoteAddress: '198.51.100.77', headers: { 'x-forwarded-for': `192.0.2.${100 + i}` } };
      expect((await loginJson(t, 'vat_guess', direct)).statusCode).toBe(401);
    }
    expect((await loginJson(t, 'vat_guess', { remoteAddress: '198.51.100.77', headers: { 'x-forwarded-for': '192.0.2.250' } })).statusCode).toBe(429);
  });
});
