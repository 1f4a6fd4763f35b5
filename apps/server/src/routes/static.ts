import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isAssetOrigin } from '@veil/protocol';
import { PATHS } from '../paths.js';
import { IMMUTABLE, recorderFiles, sendRecorderFile, SHORT_CACHE } from './recorder-files.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The viewer shows whatever a recorded page contained, so its CSP allows no script but its own
 * (no inline script, no eval) and no framing of the viewer; the replay iframe (about:blank,
 * sandboxed without allow-scripts) inherits it, so recorded markup is inert twice over. Inline
 * styles are how rrweb rebuilds recorded styles. Images, fonts, media and stylesheets load from
 * Veil itself and data:/blob: URLs only, so a replay tells no recorded site that it is watched,
 * unless an admin named the site's asset hosts in a project's `replayAssetOrigins`: the page then
 * allows those (the union over projects; each replay narrows it to its own project's hosts with a
 * policy of its own, see apps/viewer/src/player/replay-document.ts).
 */
export function viewerCsp(assetOrigins: readonly string[] = []): string {
  // Origins were validated on the way in (scheme, host, port: no spaces, quotes or semicolons).
  const hosts = assetOrigins.length ? ` ${assetOrigins.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'unsafe-inline'${hosts}`,
    `img-src 'self' data: blob:${hosts}`,
    `font-src 'self' data:${hosts}`,
    `media-src 'self' data: blob:${hosts}`,
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The CSP of the viewer's files (scripts, styles): no replay runs in them. */
export const VIEWER_CSP = viewerCsp();

/** The viewer needs none of these powerful features; recorded pages inside it get none either. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=()';

function securityHeaders(reply: FastifyReply, csp = VIEWER_CSP): FastifyReply {
  return reply.headers({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': PERMISSIONS_POLICY,
  });
}

/** Every project's replay asset hosts, each once. */
async function allReplayAssetOrigins(app: FastifyInstance): Promise<string[]> {
  // Checked again on the way out: these go into a header, where a stray `;` would add a directive.
  return [...new Set((await app.store.projects.list()).flatMap((p) => p.replayAssetOrigins))].filter(isAssetOrigin);
}

/**
 * The viewer page names the asset hosts its CSP allows, so the player can tell a page loaded
 * before an admin allowed a host (which must reload to replay with it) from one loaded after.
 */
function withAssetOriginsMeta(html: Buffer, origins: readonly string[]): string {
  const meta = `<meta name="veil-replay-asset-origins" content="${origins.join(' ')}">`;
  return html.toString('utf8').replace('</head>', `${meta}\n</head>`);
}

/** Flat asset names only (no traversal possible): `app.js`, `chunk-HASH.js`, `app.js.map`. */
const ASSET_NAME = /^[\w-]+\.(?:js|css|png|svg)(?:\.map)?$/;
/** esbuild's code-split chunks carry a content hash in their name, so they never change. */
const HASHED_CHUNK = /^chunk-[A-Z0-9]{8,}\.js$/;

/**
 * Reads a viewer file from disk (so a rebuild is served without a restart), falling back to the
 * last copy read when the file is briefly missing while a build replaces it; null when never seen.
 */
function viewerFiles(): (file: string) => Promise<Buffer | null> {
  const lastGood = new Map<string, Buffer>();
  return async (file) => {
    const body = await readFile(join(PATHS.viewerDist, file)).catch(() => null);
    if (body) lastGood.set(file, body);
    return body ?? lastGood.get(file) ?? null;
  };
}

/** Serves the viewer (`/`), its assets, the recorder (`/veil.js`) and the demo shop (`/demo`). */
export default async function staticRoutes(app: FastifyInstance): Promise<void> {
  // Pages and files, not API: left out of the OpenAPI document (its test lists them as hidden).
  const hidden = { schema: { hide: true } };
  const readViewer = viewerFiles();
  const viewerIndex = async (_request: unknown, reply: FastifyReply) => {
    const html = await readViewer('index.html');
    if (!html) throw new Error('the viewer is not built (run npm run build)');
    const origins = await allReplayAssetOrigins(app);
    return securityHeaders(reply, viewerCsp(origins))
      .type(TYPES['.html']!)
      .header('cache-control', 'no-cache')
      .send(withAssetOriginsMeta(html, origins));
  };
  app.get('/', hidden, viewerIndex);
  app.get('/sessions/*', hidden, viewerIndex);
  app.get('/admin', hidden, viewerIndex);
  app.get('/admin/*', hidden, viewerIndex);

  app.get<{ Params: { file: string } }>('/assets/:file', hidden, async (request, reply) => {
    const { file } = request.params;
    if (!ASSET_NAME.test(file)) return reply.callNotFound();
    const body = await readViewer(file);
    if (!body) return reply.callNotFound();
    const cache = HASHED_CHUNK.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return securityHeaders(reply).type(TYPES[extname(file)]!).header('cache-control', cache).send(body);
  });

  // The recorder: `/veil.js` (the gates and a loader) is revalidated after 5 minutes; its
  // versioned form `/veil.<hash>.js` and the recorder chunk it loads once every gate agreed,
  // `/veil-recorder.<hash>.js`, never change. All precompressed at build time (br, gzip).
  const readRecorder = recorderFiles();
  app.get('/veil.js', hidden, async (request, reply) => {
    const served = await readRecorder('loader');
    if (!served) throw new Error('the recorder is not built (run npm run build)');
    return sendRecorderFile(request, reply, served, SHORT_CACHE);
  });
  app.get<{ Params: { hash: string } }>('/veil.:hash.js', hidden, async (request, reply) => {
    const served = await readRecorder('loader');
    if (!served) throw new Error('the recorder is not built (run npm run build)');
    // A page still naming the version before an upgrade gets the current one (not a broken
    // page), with the short cache: only the current version's URL is immutable.
    if (request.params.hash !== served.hash) return reply.redirect('/veil.js', 307);
    return sendRecorderFile(request, reply, served, IMMUTABLE);
  });
  app.get<{ Params: { hash: string } }>('/veil-recorder.:hash.js', hidden, async (request, reply) => {
    const served = await readRecorder('recorder');
    // Only the current chunk exists: a loader of an older build fails to load it and records nothing.
    if (!served || request.params.hash !== served.hash) return reply.callNotFound();
    return sendRecorderFile(request, reply, served, IMMUTABLE);
  });

  app.get('/demo', hidden, async (_request, reply) => {
    const project = (await app.store.projects.list())[0];
    const html = (await readFile(PATHS.demoPage, 'utf8')).replace('__VEIL_PROJECT_KEY__', project?.key ?? '');
    return reply.type(TYPES['.html']!).header('cache-control', 'no-store').send(html);
  });
}
