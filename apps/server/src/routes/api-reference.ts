import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DOCS_PAGE_CSP, renderDocsPage } from '../openapi/docs-page.js';
import { routeSchema } from '../openapi/route-schema.js';

/**
 * The API reference: the OpenAPI document generated from the routes' zod schemas, and a page
 * that shows it. Both are public: they hold what the README already publishes and no data, and
 * tools (client generators, contract tests) fetch the document without credentials.
 */
export default async function apiReferenceRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/openapi.json',
    {
      schema: routeSchema('public', {
        tags: ['operations'],
        summary: 'This API reference as an OpenAPI 3.1 document',
        response: { 200: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }) },
      }),
    },
    async (_request, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()),
  );

  let page: string | undefined;
  app.get(
    '/api/docs',
    {
      schema: routeSchema('public', {
        tags: ['operations'],
        summary: 'This API reference as a web page',
        response: { 200: { description: 'An HTML page (no script).', content: { 'text/html': { schema: z.string() } } } },
      }),
    },
    async (_request, reply) => {
      // The document is fixed once the app is ready: render it once.
      page ??= renderDocsPage(app.swagger() as unknown as Parameters<typeof renderDocsPage>[0]);
      return reply
        .type('text/html; charset=utf-8')
        .headers({
          'content-security-policy': DOCS_PAGE_CSP,
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        })
        .send(page);
    },
  );
}
