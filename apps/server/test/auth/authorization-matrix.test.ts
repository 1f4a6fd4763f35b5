import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PATHS } from '../../src/paths.js';
import type { Store } from '../../src/store/types.js';
import { multipartForm } from '../helpers/multipart.js';
import { forEachBackend, record, rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

/** Who may call a route: anyone, an ingest key (X-Veil-Key only), a viewer token or better, an admin token. */
type Access = 'public' | 'ingest' | 'viewer' | 'admin';
const CREDENTIALS = ['none', 'ingestKeyAsBearer', 'ingestKeyAsHeader', 'viewer', 'admin', 'revokedAdmin', 'expiredAdmin'] as const;
type Credential = (typeof CREDENTIALS)[number];

interface Fixtures {
  h: Harness<Store>;
  sessionId: string;
  userId: string;
  otherProjectId: string;
  viewerToken: string;
  exportFile: string;
}
interface Entry {
  access: Access;
  /** Status when the credential is allowed: chosen so that the handler itself ran. */
  ok: number;
  request(f: Fixtures): Omit<InjectOptions, 'method'>;
}

/**
 * Every route of the app. A route added to the app without an entry here fails the coverage test
 * below; HEAD routes are checked like the GET they mirror.
 */
const MATRIX: Record<string, Entry> = {
  'OPTIONS *': {
    access: 'public',
    ok: 204,
    request: () => ({ url: '/api/v1/ingest', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } }),
  },
  'GET /api/v1/config': { access: 'public', ok: 200, request: (f) => ({ url: `/api/v1/config?key=${f.h.boot.projectKey}` }) },
  'POST /api/v1/ingest': {
    access: 'ingest',
    ok: 200,
    request: (f) => ({
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify(rrwebBatch({ sessionId: 'matrix-ingest-000001', startedAt: Date.now() }, 0))),
    }),
  },
  'POST /api/v1/auth/login': { access: 'public', ok: 200, request: (f) => ({ url: '/api/v1/auth/login', payload: { token: f.viewerToken } }) },
  'POST /api/v1/auth/logout': { access: 'public', ok: 200, request: () => ({ url: '/api/v1/auth/logout' }) },
  'GET /api/v1/auth/me': { access: 'viewer', ok: 200, request: () => ({ url: '/api/v1/auth/me' }) },
  'GET /api/v1/project-names': { access: 'viewer', ok: 200, request: () => ({ url: '/api/v1/project-names' }) },
  'GET /api/v1/sessions': { access: 'viewer', ok: 200, request: () => ({ url: '/api/v1/sessions' }) },
  'GET /api/v1/sessions/:id': { access: 'viewer', ok: 200, request: (f) => ({ url: `/api/v1/sessions/${f.sessionId}` }) },
  'GET /api/v1/sessions/:id/events': { access: 'viewer', ok: 200, request: (f) => ({ url: `/api/v1/sessions/${f.sessionId}/events` }) },
  'GET /api/v1/sessions/:id/export': { access: 'viewer', ok: 200, request: (f) => ({ url: `/api/v1/sessions/${f.sessionId}/export` }) },
  'GET /api/v1/projects': { access: 'admin', ok: 200, request: () => ({ url: '/api/v1/projects' }) },
  'POST /api/v1/projects': { access: 'admin', ok: 201, request: () => ({ url: '/api/v1/projects', payload: { name: 'Matrix' } }) },
  'GET /api/v1/projects/:id': { access: 'admin', ok: 200, request: (f) => ({ url: `/api/v1/projects/${f.otherProjectId}` }) },
  'PATCH /api/v1/projects/:id': { access: 'admin', ok: 200, request: (f) => ({ url: `/api/v1/projects/${f.otherProjectId}`, payload: { sampleRate: 0.5 } }) },
  'POST /api/v1/projects/:id/rotate-key': {
    access: 'admin',
    ok: 200,
    request: (f) => ({ url: `/api/v1/projects/${f.otherProjectId}/rotate-key`, payload: { graceHours: 1 } }),
  },
  'DELETE /api/v1/projects/:id/sessions': { access: 'admin', ok: 200, request: (f) => ({ url: `/api/v1/projects/${f.otherProjectId}/sessions` }) },
  'GET /api/v1/tokens': { access: 'admin', ok: 200, request: () => ({ url: '/api/v1/tokens' }) },
  'POST /api/v1/tokens': { access: 'admin', ok: 201, request: () => ({ url: '/api/v1/tokens', payload: { role: 'viewer' } }) },
  // An unknown id: 404 shows the handler ran, and the matrix destroys nothing it needs later.
  'DELETE /api/v1/tokens/:id': { access: 'admin', ok: 404, request: () => ({ url: '/api/v1/tokens/tok_unknown' }) },
  'DELETE /api/v1/sessions/:id': { access: 'admin', ok: 404, request: () => ({ url: '/api/v1/sessions/no-such-session-000001' }) },
  'DELETE /api/v1/users/:userId/sessions': { access: 'admin', ok: 200, request: () => ({ url: '/api/v1/users/nobody-at-all/sessions' }) },
  'GET /api/v1/users/:userId/export': { access: 'admin', ok: 200, request: (f) => ({ url: `/api/v1/users/${f.userId}/export` }) },
  'POST /api/v1/import': {
    access: 'admin',
    ok: 201,
    request: (f) => {
      const form = multipartForm({ projectId: f.otherProjectId }, { name: 'file', filename: 'export.json', contentType: 'application/json', body: f.exportFile });
      return { url: '/api/v1/import', headers: form.headers, payload: form.payload };
    },
  },
  'GET /api/v1/audit': { access: 'admin', ok: 200, request: () => ({ url: '/api/v1/audit' }) },
  'GET /api/v1/audit/verify': { access: 'admin', ok: 200, request: () => ({ url: '/api/v1/audit/verify' }) },
  // The API reference is public: it holds what the README publishes and no data (see routes/api-reference.ts).
  'GET /api/v1/openapi.json': { access: 'public', ok: 200, request: () => ({ url: '/api/v1/openapi.json' }) },
  'GET /api/docs': { access: 'public', ok: 200, request: () => ({ url: '/api/docs' }) },
  'GET /healthz': { access: 'public', ok: 200, request: () => ({ url: '/healthz' }) },
  'GET /readyz': { access: 'public', ok: 200, request: () => ({ url: '/readyz' }) },
  // Scrapers use VEIL_METRICS_TOKEN (tested with the metrics); of the API credentials, only admins read it.
  'GET /metrics': { access: 'admin', ok: 200, request: () => ({ url: '/metrics' }) },
  'GET /': { access: 'public', ok: 200, request: () => ({ url: '/' }) },
  'GET /sessions/*': { access: 'public', ok: 200, request: () => ({ url: '/sessions/abc' }) },
  'GET /admin': { access: 'public', ok: 200, request: () => ({ url: '/admin' }) },
  'GET /admin/*': { access: 'public', ok: 200, request: () => ({ url: '/admin/tokens' }) },
  'GET /assets/:file': { access: 'public', ok: 200, request: () => ({ url: '/assets/app.js' }) },
  'GET /veil.js': { access: 'public', ok: 200, request: () => ({ url: '/veil.js' }) },
  // An older version's URL is sent on to /veil.js; the current one is served (recorder-serving.test.ts).
  'GET /veil.:hash.js': { access: 'public', ok: 307, request: () => ({ url: '/veil.0123456789ab.js' }) },
  'GET /veil-recorder.:hash.js': { access: 'public', ok: 200, request: () => ({ url: `/${recorderChunkName()}` }) },
  'GET /demo': { access: 'public', ok: 200, request: () => ({ url: '/demo' }) },
};

/** The recorder chunk the built veil.js loads (`veil-recorder.<hash>.js`). */
function recorderChunkName(): string {
  return /veil-recorder\.[0-9a-f]{12}\.js/.exec(readFileSync(PATHS.recorderBundle, 'utf8'))?.[0] ?? 'veil-recorder.missing.js';
}

/** The status a credential must get: allowed ones reach the handler, the others stop at the door. */
function expected(entry: Entry, credential: Credential): number {
  if (entry.access === 'public') return entry.ok;
  if (entry.access === 'ingest') return credential === 'ingestKeyAsHeader' ? entry.ok : 401;
  if (credential === 'admin') return entry.ok;
  if (credential === 'viewer') return entry.access === 'viewer' ? entry.ok : 403;
  return 401;
}

forEachBackend('authorization matrix: every route x every kind of credential', (backend) => {
  let f: Fixtures;
  let headers: Record<Credential, Record<string, string>>;
  beforeAll(async () => {
    // Authorization, not load: on a busy machine the load shedder could answer an ingest cell 503.
    const h = await startHarness(undefined, { ingest: { pressure: false }, backend });
    const now = Date.now();
    await record(h.store, h.project, { sessionId: 'matrix-session-000001', userId: 'matrix-user', startedAt: now - 60_000 });
    const revoked = await h.bearer('admin');
    await h.store.tokens.revoke(revoked.tokenId, now);
    const viewer = await h.bearer('viewer');
    const exported = await h.app.inject({ url: '/api/v1/sessions/matrix-session-000001/export', headers: h.admin });
    f = {
      h,
      sessionId: 'matrix-session-000001',
      userId: 'matrix-user',
      otherProjectId: (await h.store.projects.create('Other', now)).id,
      viewerToken: viewer.token,
      exportFile: exported.body,
    };
    headers = {
      none: {},
      ingestKeyAsBearer: { authorization: `Bearer ${h.boot.projectKey}` },
      ingestKeyAsHeader: { 'x-veil-key': h.boot.projectKey },
      viewer: { authorization: viewer.authorization },
      admin: h.admin,
      revokedAdmin: { authorization: revoked.authorization },
      expiredAdmin: { authorization: (await h.bearer('admin', now - 1)).authorization },
    };
  });
  afterAll(async () => f.h.close());

  const registered = () => [...new Set(f.h.app.routeTable.map((r) => `${r.method} ${r.url}`))];
  const entryFor = (route: string) => MATRIX[route.startsWith('HEAD ') ? `GET ${route.slice(5)}` : route];

  it('has an entry for every route the app registers, and none for a route it does not', async () => {
    const missing = registered().filter((route) => !entryFor(route));
    expect(missing, 'routes without an authorization matrix entry').toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !registered().includes(key))).toEqual([]);
  });

  it('agrees with the API reference on who may call each documented route', async () => {
    const doc = (await f.h.app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-veil-access'?: string }>> };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op['x-veil-access']] as const),
    );
    expect(documented.length).toBeGreaterThan(0);
    expect(documented.filter(([route, access]) => MATRIX[route]?.access !== access)).toEqual([]);
  });

  it('answers each credential with the expected status', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const route of registered()) {
      const entry = entryFor(route);
      if (!entry) continue;
      const method = route.slice(0, route.indexOf(' ')) as InjectOptions['method'];
      for (const credential of CREDENTIALS) {
        const req = entry.request(f);
        const res = await f.h.app.inject({ ...req, method, headers: { ...req.headers, ...headers[credential] } });
        const want = expected(entry, credential);
        cells++;
        if (res.statusCode !== want) mismatches.push(`${route} as ${credential}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        // Refusals carry the API's error shape (HEAD answers have no body).
        if ((want === 401 || want === 403) && method !== 'HEAD' && typeof res.json()?.error?.code !== 'string') {
          mismatches.push(`${route} as ${credential}: not an API error body`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    console.info(`[figures] authorization matrix: ${registered().length} routes x ${CREDENTIALS.length} credentials = ${cells} cells`);
  });
});
