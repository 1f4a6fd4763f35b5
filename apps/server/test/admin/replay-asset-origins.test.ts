import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { record, startHarness, type Harness } from '../helpers/veil-harness.js';

const SESSION = 'asset-origins-session-01';

describe('replayAssetOrigins: the hosts a project’s replays may load assets from', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness((store, project) => record(store, project, { sessionId: SESSION, startedAt: Date.now() - 60_000 }));
  });
  afterEach(async () => h.close());

  const patch = (replayAssetOrigins: unknown) =>
    h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { replayAssetOrigins } });
  const viewerCsp = async () => (await h.app.inject({ url: '/sessions/x' })).headers['content-security-policy'] as string;

  it('is empty by default: the session tells the viewer so, and the viewer page allows no outside host', async () => {
    expect(h.project.replayAssetOrigins).toEqual([]);
    const viewer = await h.bearer('viewer');
    const session = await h.app.inject({ url: `/api/v1/sessions/${SESSION}`, headers: { authorization: viewer.authorization } });
    expect(session.json().replayAssetOrigins).toEqual([]);
    const csp = await viewerCsp();
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).toContain("font-src 'self' data:;");
    expect(csp).toContain("media-src 'self' data: blob:;");
    expect(csp).not.toMatch(/https?:[;\s]/);
  });

  it('an admin allows origins: stored, audited, given to viewers with the session, and in the viewer page’s CSP', async () => {
    const res = await patch(['https://cdn.shop.example', 'http://127.0.0.1:8080']);
    expect(res.statusCode).toBe(200);
    expect(res.json().replayAssetOrigins).toEqual(['https://cdn.shop.example', 'http://127.0.0.1:8080']);
    expect((await h.store.audit.list({ action: 'project.update', limit: 1 }))[0]!.details).toMatchObject({ changes: { replayAssetOrigins: ['https://cdn.shop.example', 'http://127.0.0.1:8080'] } });
    const viewer = await h.bearer('viewer');
    const session = await h.app.inject({ url: `/api/v1/sessions/${SESSION}`, headers: { authorization: viewer.authorization } });
    expect(session.json().replayAssetOrigins).toEqual(['https://cdn.shop.example', 'http://127.0.0.1:8080']);
    expect(await viewerCsp()).toContain("img-src 'self' data: blob: https://cdn.shop.example http://127.0.0.1:8080;");
    const page = await h.app.inject({ url: '/sessions/x' });
    expect(page.body).toContain('<meta name="veil-replay-asset-origins" content="https://cdn.shop.example http://127.0.0.1:8080">');
  });

  it('refuses anything but origins (scheme, host, port), and more than 20, changing nothing', async () => {
    const bad = [
      ['https://cdn.shop.example/'],
      ['https://cdn.shop.example/images'],
      ['https://*.shop.example'],
      ['ftp://cdn.shop.example'],
      ['https://CDN.shop.example'],
      ['https://cdn.shop.example:443'],
      ['https://user@cdn.shop.example'],
      ["https://cdn.shop.example; script-src 'unsafe-inline'"],
      ['*'],
      'https://cdn.shop.example',
      Array.from({ length: 21 }, (_, i) => `https://cdn${i}.shop.example`),
    ];
    for (const value of bad) {
      const res = await patch(value);
      expect(res.statusCode, JSON.stringify(value)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^replayAssetOrigins/) });
    }
    expect((await h.store.projects.get(h.project.id))!.replayAssetOrigins).toEqual([]);
    expect((await patch(Array.from({ length: 20 }, (_, i) => `https://cdn${i}.shop.example`))).statusCode).toBe(200);
  });
});
