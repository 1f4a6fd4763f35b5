import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/veil-harness.js';

const ORIGIN = 'https://shop.example';
const preflight = (h: Harness, url: string) =>
  h.app.inject({ method: 'OPTIONS', url, headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

describe('CORS: only the recorder routes answer other origins', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('answers the preflight of /api/v1/ingest and /api/v1/config with the origin reflected', async () => {
    for (const url of ['/api/v1/ingest', '/api/v1/config?key=pk_anything']) {
      const res = await preflight(h, url);
      expect(res.statusCode, url).toBe(204);
      expect(res.headers['access-control-allow-origin'], url).toBe(ORIGIN);
      expect(String(res.headers['access-control-allow-methods'])).toBe('GET, POST');
      expect(String(res.headers['access-control-allow-headers'])).toBe('content-type, content-encoding, x-veil-key');
      expect(res.headers['access-control-max-age']).toBe('600');
    }
    const config = await h.app.inject({ url: `/api/v1/config?key=${h.boot.projectKey}`, headers: { origin: ORIGIN } });
    expect(config.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('answers OPTIONS on every other path 404 without any Access-Control header', async () => {
    for (const url of ['/api/v1/sessions', '/api/v1/auth/login', '/api/v1/projects/prj_x', '/api/v1/tokens', '/', '/no/such/path', '/api/v1/ingest/', '/api/v1/ingestx']) {
      const res = await preflight(h, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('not_found');
      expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-')), url).toEqual([]);
    }
  });

  it('sends no Access-Control header on the other routes actual responses', async () => {
    for (const url of ['/api/v1/sessions', '/api/v1/auth/me', '/healthz', '/']) {
      const res = await h.app.inject({ url, headers: { origin: ORIGIN, ...h.admin } });
      expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-')), url).toEqual([]);
    }
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: ORIGIN }, payload: { token: h.boot.adminToken } });
    expect(login.headers['access-control-allow-origin']).toBeUndefined();
  });
});
