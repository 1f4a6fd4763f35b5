import { Socket } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { MAX_COMPRESSED_BODY_BYTES, MAX_DECOMPRESSED_BODY_BYTES, type Project } from '@veil/protocol';
import { apiError, ApiError } from '../errors.js';
import { projectForIngest } from '../ingest/check-project.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import { resolveIngestOptions, type IngestOptions } from '../ingest/ingest-options.js';
import { createMemoryBudget, type MemoryLease } from '../ingest/memory-budget.js';
import { readBody } from '../ingest/read-body.js';
import ingestRateLimit from '../plugins/ingest-rate-limit.js';
import underPressure from '../plugins/under-pressure.js';

/** Room for the multipart boundaries and the key field around a maximal batch file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** Beacon files: gzip (what the recorder sends) or plain JSON. */
const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

/**
 * POST /api/v1/ingest — a batch from the recorder, through one of two doors:
 * - fetch: `Content-Type: application/json`, optionally `Content-Encoding: gzip`, key in `X-Veil-Key`;
 * - beacon: `multipart/form-data` with a `key` field and a `batch` file (gzip or JSON), because
 *   `navigator.sendBeacon` cannot set headers.
 * Both end in `ingestBatch`, which answers only after the batch is committed.
 */
export default async function ingestRoutes(app: FastifyInstance, options: IngestOptions): Promise<void> {
  const settings = resolveIngestOptions(options, getHeapStatistics().heap_size_limit);
  if (settings.rateLimit) await app.register(ingestRateLimit, settings.rateLimit);
  if (settings.pressure) await app.register(underPressure, settings.pressure);
  const budget = createMemoryBudget(settings.memoryBudgetBytes);

  // Bodies are read as streams by the handler, which enforces the size caps while inflating.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (_req, payload, done) => done(null, payload));
  await app.register(multipart, {
    limits: { fileSize: MAX_COMPRESSED_BODY_BYTES, files: 1, fields: 2, fieldSize: 256, parts: 3, headerPairs: 20 },
  });

  app.post('/api/v1/ingest', async (request, reply) => {
    const now = Date.now();
    const lease = budget.lease();
    try {
      const { project, raw } = request.isMultipart()
        ? await readBeacon(app, request, lease)
        : await readFetch(app, request, lease);
      const ack = ingestBatch(app.store, project, raw, request.headers['user-agent'], now);
      request.log.debug({ project: project.id, events: ack.events, duplicate: ack.duplicate }, 'batch stored');
      // Read by the metrics plugin's onResponse hook.
      request.ingestOutcome = { duplicate: ack.duplicate, events: ack.events, redactionsByKind: ack.redactionsByKind };
      return reply.send({ ok: true, duplicate: ack.duplicate });
    } catch (err) {
      closeIfUnread(request, reply);
      throw err;
    } finally {
      lease.release();
    }
  });
}

/** The fetch door: key and encoding are checked before a byte of the body is read. */
async function readFetch(app: FastifyInstance, request: FastifyRequest, lease: MemoryLease): Promise<{ project: Project; raw: Buffer }> {
  const project = projectForIngest(app.store, request.headers['x-veil-key'], request.headers.origin);
  const gzip = isGzip(request.headers['content-encoding']);
  refuseLargeDeclaredBody(request, MAX_COMPRESSED_BODY_BYTES);
  const raw = await readBody(request.body as Readable, gzip, {
    compressed: MAX_COMPRESSED_BODY_BYTES,
    decompressed: MAX_DECOMPRESSED_BODY_BYTES,
    lease,
  });
  return { project, raw };
}

/**
 * The beacon door: the `key` field and the `batch` file, in either order. When the key comes
 * first (as the recorder sends it), a bad key is refused before the file is read.
 */
async function readBeacon(app: FastifyInstance, request: FastifyRequest, lease: MemoryLease): Promise<{ project: Project; raw: Buffer }> {
  if (isGzip(request.headers['content-encoding'])) throw apiError('unsupported_encoding', 'multipart bodies cannot have a Content-Encoding');
  refuseLargeDeclaredBody(request, MAX_COMPRESSED_BODY_BYTES + MULTIPART_OVERHEAD_BYTES);
  let key: unknown;
  let project: Project | undefined;
  let raw: Buffer | undefined;
  const parts = request.parts()[Symbol.asyncIterator]();
  for (;;) {
    const next = await nextPart(parts);
    if (next.done) break;
    const part = next.value;
    if (part.type === 'field' && part.fieldname === 'key' && key === undefined) {
      key = part.value;
      project = projectForIngest(app.store, key, request.headers.origin);
    } else if (part.type === 'file' && part.fieldname === 'batch') {
      const gzip = GZIP_TYPES.has(part.mimetype);
      if (!gzip && part.mimetype !== 'application/json') {
        part.file.resume();
        throw apiError('unsupported_media_type', 'batch: the file must be application/gzip or application/json');
      }
      raw = await asMultipartError(
        readBody(part.file, gzip, { compressed: MAX_COMPRESSED_BODY_BYTES, decompressed: MAX_DECOMPRESSED_BODY_BYTES, lease }),
      );
      if (part.file.truncated) throw apiError('body_too_large');
    } else {
      if (part.type === 'file') part.file.resume();
      throw apiError('invalid_multipart', `unexpected part "${part.fieldname.slice(0, 32)}": send one key field and one batch file`);
    }
  }
  project ??= projectForIngest(app.store, key, request.headers.origin);
  if (raw === undefined) throw apiError('missing_batch');
  return { project, raw };
}

/** The next multipart part. */
function nextPart<T>(parts: AsyncIterator<T>): Promise<IteratorResult<T>> {
  return asMultipartError(parts.next());
}

/**
 * busboy reports a malformed body (cut short, bad headers, no boundary) with plain Errors on the
 * part iterator or the file stream: those become `invalid_multipart`; coded errors pass through.
 */
async function asMultipartError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ApiError || typeof (err as { code?: unknown }).code === 'string') throw err;
    throw apiError('invalid_multipart');
  }
}

/** `Content-Encoding`: none or `identity` is plain, `gzip` is gzip, anything else is refused. */
function isGzip(header: string | undefined): boolean {
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === 'gzip') return true;
  if (encoding === '' || encoding === 'identity') return false;
  throw apiError('unsupported_encoding');
}

/** A declared Content-Length over the cap is refused before reading (the stream cap still applies). */
function refuseLargeDeclaredBody(request: FastifyRequest, max: number): void {
  const declared = Number(request.headers['content-length']);
  if (declared > max) throw apiError('body_too_large');
}

/** How long a refused upload may keep sending after the answer before its connection is cut. */
const LINGER_MS = 2_000;

/**
 * An error answered before the body was fully read leaves the client still sending. Closing at
 * once would make the kernel reset the connection over the unread bytes, and the client might
 * lose the answer with it; so this is a lingering close: answer, send FIN, keep discarding what
 * arrives, and cut the connection only if the client has not closed within LINGER_MS.
 */
function closeIfUnread(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket;
  if (request.raw.complete || !(socket instanceof Socket)) return;
  request.raw.resume();
  reply.raw.once('finish', () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
