import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// ajv is not a dependency of ours: it comes with Fastify. A JSON Schema validator that knows
// nothing of zod is the point: it checks the document, not the code the document came from.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apiErrorBodySchema,
  ingestBatchSchema,
  keyRotationSchema,
  loginSchema,
  projectCreateSchema,
  projectPatchSchema,
  tokenCreateSchema,
} from '@veil/protocol';
import { renderDocsPage } from '../../src/openapi/docs-page.js';
import { REPO_ROOT } from '../../src/paths.js';
import { record, startHarness, type Harness } from '../helpers/veil-harness.js';

/** Routes deliberately left out of the document: pages and files, not API. */
const HIDDEN = [
  'OPTIONS *', // @fastify/cors' preflight answer
  'GET /',
  'GET /sessions/*',
  'GET /admin',
  'GET /admin/*',
  'GET /assets/:file',
  'GET /veil.js',
  'GET /veil.:hash.js',
  'GET /veil-recorder.:hash.js',
  'GET /demo',
];

/** The zod schema each route with a README example validates its body with. */
const REQUEST_SCHEMAS: Record<string, z.ZodType> = {
  'POST /api/v1/ingest': ingestBatchSchema,
  'POST /api/v1/auth/login': loginSchema,
  'POST /api/v1/projects': projectCreateSchema,
  'PATCH /api/v1/projects/:id': projectPatchSchema,
  'POST /api/v1/projects/:id/rotate-key': keyRotationSchema,
  'POST /api/v1/tokens': tokenCreateSchema,
};

type Operation = {
  tags?: string[];
  summary?: string;
  'x-veil-access'?: string;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};
type Doc = { tags: Array<{ name: string }>; paths: Record<string, Record<string, Operation>> };

/** `GET /api/v1/projects/:id` → the document's path and method. */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
function operation(doc: Doc, route: string): Operation | undefined {
  const [method, url] = route.split(' ') as [string, string];
  return doc.paths[openapiPath(url)]?.[method.toLowerCase()];
}

/** @fastify/swagger writes JSON Schema's `const: x` as the equivalent `enum: [x]`. */
function constAsEnum(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(constAsEnum);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'const') out.enum = [value];
    else out[key] = constAsEnum(value);
  }
  return out;
}

/** The README's request examples: fenced blocks labelled with their operation, ```json POST /path. */
function readmeExamples(): Array<{ route: string; body: unknown }> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### HTTP API'), readme.indexOf('\n## ', readme.indexOf('### HTTP API')));
  const fences = [...section.matchAll(/^```json([^\n]*)\n([\s\S]*?)^```$/gm)];
  return fences.map(([, label, text]) => {
    // Every JSON example in the section names its operation, so none escapes this test.
    expect(label!.trim(), `a json example in "HTTP API" without an operation: ${text!.slice(0, 60)}`).toMatch(/^(GET|POST|PATCH|PUT|DELETE) \/\S+$/);
    return { route: label!.trim(), body: JSON.parse(text!) as unknown };
  });
}

describe('the OpenAPI document', () => {
  let h: Harness;
  let doc: Doc;
  const ajv = addFormats(new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }));
  const routes = () => [...new Set(h.app.routeTable.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`))];

  beforeAll(async () => {
    h = await startHarness();
    await record(h.store, h.project, { sessionId: 'openapi-session-0001', userId: 'openapi-user', startedAt: Date.now() - 60_000, batches: 2 });
    const res = await h.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => h.close());

  it('documents every route of the app, and nothing else', async () => {
    const documented = routes().filter((r) => !HIDDEN.includes(r));
    expect(documented.filter((r) => !operation(doc, r)), 'routes missing from the document').toEqual([]);
    expect(HIDDEN.filter((r) => operation(doc, r)), 'hidden routes in the document').toEqual([]);
    expect(HIDDEN.filter((r) => !routes().includes(r)), 'HIDDEN lists a route the app does not have').toEqual([]);
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toHaveLength(documented.length);
    console.info(`[figures] OpenAPI document: ${operations.length} operations (${HIDDEN.length} routes hidden)`);
  });

  // Every 4xx/5xx is the shared error body, except /readyz's 503, which answers its checks.
  it('gives every operation a tag, a summary, who may call it, and the shared error shape', async () => {
    const tags = doc.tags.map((t) => t.name);
    const errorSchema = z.toJSONSchema(apiErrorBodySchema, { target: 'draft-2020-12', io: 'output' });
    delete errorSchema.$schema;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        expect(op.tags, name).toHaveLength(1);
        expect(tags, name).toContain(op.tags![0]);
        expect(op.summary, name).toBeTruthy();
        expect(['public', 'ingest', 'viewer', 'admin'], name).toContain(op['x-veil-access']);
        expect(Object.keys(op.responses).some((s) => s.startsWith('2')), `${name}: no success answer`).toBe(true);
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && `${name} ${status}` !== 'GET /readyz 503') expect(response.content?.['application/json']?.schema, `${name} ${status}`).toEqual(errorSchema);
        }
      }
    }
  });

  it('accepts the request examples of the README, as the server does', async () => {
    const examples = readmeExamples();
    expect(examples.map((e) => e.route).sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort());
    for (const { route, body } of examples) {
      const schema = operation(doc, route)?.requestBody?.content['application/json']?.schema;
      expect(schema, `${route}: no JSON request body in the document`).toBeDefined();
      const validate = ajv.compile(schema!);
      expect(validate(body), `${route}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      // The document's schema is the route's zod schema, converted; and zod (the server's own
      // validator) accepts the example too.
      const zodJson = z.toJSONSchema(REQUEST_SCHEMAS[route]!, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
      delete zodJson.$schema;
      expect(schema, route).toEqual(constAsEnum(zodJson));
      expect(REQUEST_SCHEMAS[route]!.safeParse(body).success, route).toBe(true);
    }
  });

  it('refuses what the server refuses: a README example made invalid fails the document too', async () => {
    const login = operation(doc, 'POST /api/v1/auth/login')!.requestBody!.content['application/json']!.schema;
    expect(ajv.validate(login, { token: 'vat_x', remember: true })).toBe(false);
    expect(ajv.validate(login, { token: '' })).toBe(false);
  });

  it('describes the answers the server really gives', async () => {
    const sessionId = 'openapi-session-0001';
    const calls: Array<[string, string, Record<string, string>]> = [
      ['GET /api/v1/config', `/api/v1/config?key=${h.boot.projectKey}`, {}],
      ['GET /api/v1/auth/me', '/api/v1/auth/me', h.admin],
      ['GET /api/v1/sessions', '/api/v1/sessions', h.admin],
      ['GET /api/v1/sessions/:id', `/api/v1/sessions/${sessionId}`, h.admin],
      ['GET /api/v1/sessions/:id/events', `/api/v1/sessions/${sessionId}/events?limit=1`, h.admin],
      ['GET /api/v1/sessions/:id/export', `/api/v1/sessions/${sessionId}/export`, h.admin],
      ['GET /api/v1/users/:userId/export', '/api/v1/users/openapi-user/export', h.admin],
      ['GET /api/v1/projects', '/api/v1/projects', h.admin],
      ['GET /api/v1/projects/:id', `/api/v1/projects/${h.project.id}`, h.admin],
      ['GET /api/v1/tokens', '/api/v1/tokens', h.admin],
      ['GET /api/v1/audit', '/api/v1/audit', h.admin],
      ['GET /api/v1/audit/verify', '/api/v1/audit/verify', h.admin],
      ['GET /healthz', '/healthz', {}],
      ['GET /readyz', '/readyz', {}],
      ['GET /api/v1/sessions/:id', '/api/v1/sessions/no-such-session-0001', h.admin],
      ['GET /api/v1/sessions', '/api/v1/sessions?limit=0', h.admin],
      ['GET /api/v1/projects', '/api/v1/projects', {}],
    ];
    for (const [route, url, headers] of calls) {
      const res = await h.app.inject({ url, headers });
      const schema = operation(doc, route)?.responses[String(res.statusCode)]?.content?.['application/json']?.schema;
      expect(schema, `${route} answered ${res.statusCode}, which is not documented`).toBeDefined();
      const validate = ajv.compile(schema!);
      expect(validate(res.json()), `${route} ${res.statusCode}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});

describe('validation at the edge keeps the error contract', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('names the bad field of a query, a body or a path parameter', async () => {
    const cases: Array<[InjectOptions, RegExp]> = [
      [{ url: '/api/v1/audit?limit=501' }, /^limit: /],
      [{ url: '/api/v1/sessions/abc/events?fromSeq=-1' }, /^fromSeq: must be a non-negative integer$/],
      [{ method: 'POST', url: '/api/v1/tokens', payload: { role: 'root' } }, /^role: /],
      [{ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, payload: { retentionDays: 0 } }, /^retentionDays: /],
      [{ method: 'POST', url: '/api/v1/projects' }, /^name: /],
      [{ url: `/api/v1/users/${'ü'.repeat(257)}/export` }, /^userId: /],
    ];
    for (const [request, message] of cases) {
      const res = await h.app.inject({ ...request, headers: h.admin });
      expect(res.statusCode, String(request.url)).toBe(400);
      expect(res.json(), String(request.url)).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(message) } });
    }
  });

  it('takes the longest end-user id in a path, percent-encoded', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: `/api/v1/users/${encodeURIComponent('ü'.repeat(256))}/sessions`, headers: h.admin });
    expect(res.json()).toEqual({ deleted: 0 });
  });

  it('checks credentials before input: a bad query without a token is 401, not 400', async () => {
    expect((await h.app.inject({ url: '/api/v1/audit?limit=501' })).statusCode).toBe(401);
  });
});

describe('the reference page', () => {
  it('lists every operation, under a CSP that allows no script', async () => {
    const h = await startHarness();
    try {
      const doc: Doc = (await h.app.inject({ url: '/api/v1/openapi.json' })).json();
      const page = await h.app.inject({ url: '/api/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; /);
      expect(page.headers['content-security-policy']).not.toMatch(/script-src|unsafe/);
      expect(page.body).not.toMatch(/<script/i);
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const method of Object.keys(item)) expect(page.body).toContain(`${method.toUpperCase()}</span> <code>${path}</code>`);
      }
    } finally {
      await h.close();
    }
  });

  it('escapes everything it takes from the document', async () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const html = renderDocsPage({
      info: { title: evil, version: evil, description: `\`${evil}\`` },
      tags: [{ name: evil, description: evil }],
      paths: { [`/x/${evil}`]: { get: { tags: [evil], summary: evil, 'x-veil-access': evil, parameters: [{ name: evil, in: evil, description: evil }] } } },
      components: { securitySchemes: { [evil]: { description: evil } } },
    });
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert\(1\)>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
  });
});
