import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PATHS } from '../paths.js';

/** The recorder's served files, as scripts/build.mjs writes them (each with .br and .gz beside it). */
export const RECORDER_FILES = {
  /** The gates and the loader: what every page downloads. */
  loader: 'veil.js',
  /** rrweb, the scrubber and the transport: downloaded once every gate agreed. */
  recorder: 'veil-recorder.js',
} as const;
export type RecorderFile = keyof typeof RECORDER_FILES;

type Encoding = 'br' | 'gzip' | 'identity';

/** One file in its three encodings, and its version (the hash in its versioned URL and ETag). */
interface Served {
  hash: string;
  mtimeMs: number;
  size: number;
  bodies: Record<Encoding, Buffer>;
}

/** Versioned URLs never change: a year, and browsers skip revalidation altogether. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `/veil.js` itself: cached briefly, then revalidated (a 304 when nothing changed). */
export const SHORT_CACHE = 'public, max-age=300';

/** The first 12 hex digits of the SHA-256 of a file: its version (scripts/build.mjs names the chunk the same way). */
export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/**
 * The encoding to send: brotli, else gzip, else none, by `Accept-Encoding` (a coding with `q=0`
 * is refused; `*` stands for any coding not named).
 */
export function pickEncoding(header: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (!coding) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(coding, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (c: string) => (accepted.get(c) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : 'identity';
}

/**
 * Reads the recorder's files from disk, once per build: a stat per request tells whether the
 * build wrote a new one (so a rebuild is served without a restart); the last good copy serves
 * while a build replaces a file.
 */
export function recorderFiles(dir = dirname(PATHS.recorderBundle)): (file: RecorderFile) => Promise<Served | null> {
  const cache = new Map<RecorderFile, Served>();
  return async (file) => {
    const path = join(dir, RECORDER_FILES[file]);
    const info = await stat(path).catch(() => null);
    const cached = cache.get(file);
    if (!info) return cached ?? null;
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    try {
      // The compressed forms are written before the plain file (scripts/build.mjs).
      const [identity, br, gzip] = await Promise.all([readFile(path), readFile(`${path}.br`), readFile(`${path}.gz`)]);
      const served: Served = { hash: contentHash(identity), mtimeMs: info.mtimeMs, size: info.size, bodies: { identity, br, gzip } };
      cache.set(file, served);
      return served;
    } catch {
      return cached ?? null;
    }
  };
}

const etag = (served: Served, encoding: Encoding) => `"${served.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;

/** True when `If-None-Match` names this version (in any encoding, or `*`). */
function notModified(request: FastifyRequest, served: Served): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t.replace(/^"|"$/g, '').replace(/-(br|gzip)$/, '') === served.hash;
  });
}

/**
 * Sends a recorder file in the best encoding the client accepts, with a strong ETag per
 * encoding, `Vary: Accept-Encoding`, and a 304 when the client already holds this version.
 */
export function sendRecorderFile(request: FastifyRequest, reply: FastifyReply, served: Served, cacheControl: string): FastifyReply {
  const encoding = pickEncoding(request.headers['accept-encoding']);
  reply.headers({
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': cacheControl,
    etag: etag(served, encoding),
    vary: 'accept-encoding',
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
  });
  if (notModified(request, served)) return reply.code(304).send();
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(served.bodies[encoding]);
}
