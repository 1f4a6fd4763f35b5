import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { PATHS } from '../paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The viewer may show anything a recorded page contained, so its CSP allows no script but its own
 * and no framing; the sandboxed replay iframe inherits it. Images and fonts of recorded pages load
 * from their own hosts, hence http: and https: for those two.
 */
export const VIEWER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data: http: https:",
  "media-src 'self' data: blob: http: https:",
  "connect-src 'self'",
  "frame-src 'self' blob: about:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    'content-security-policy': VIEWER_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  });
}

/** Serves the viewer (`/`), its assets, the recorder (`/veil.js`) and the demo shop (`/demo`). */
export default async function staticRoutes(app: FastifyInstance): Promise<void> {
  const viewerIndex = async (_request: unknown, reply: FastifyReply) =>
    securityHeaders(reply).type(TYPES['.html']!).header('cache-control', 'no-cache').send(await readFile(join(PATHS.viewerDist, 'index.html')));
  app.get('/', viewerIndex);
  app.get('/sessions/*', viewerIndex);
  app.get('/admin', viewerIndex);
  app.get('/admin/*', viewerIndex);

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const { file } = request.params;
    // Only flat file names made of safe characters: no traversal possible.
    if (!/^[\w-]+\.(js|css|map|png|svg)$/.test(file)) return reply.callNotFound();
    const body = await readFile(join(PATHS.viewerDist, file)).catch(() => null);
    if (!body) return reply.callNotFound();
    return securityHeaders(reply).type(TYPES[extname(file)]!).header('cache-control', 'no-cache').send(body);
  });

  app.get('/veil.js', async (_request, reply) => {
    const body = await readFile(PATHS.recorderBundle);
    return reply
      .type(TYPES['.js']!)
      .headers({ 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' })
      .send(body);
  });

  app.get('/demo', async (_request, reply) => {
    const project = app.store.projects.list()[0];
    const html = (await readFile(PATHS.demoPage, 'utf8')).replace('__VEIL_PROJECT_KEY__', project?.key ?? '');
    return reply.type(TYPES['.html']!).header('cache-control', 'no-store').send(html);
  });
}
