import { Socket } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  ingestAckSchema,
  ingestBatchSchema,
  MAX_COMPRESSED_BODY_BYTES,
  MAX_DECOMPRESSED_BODY_BYTES,
  MAX_EVENTS_PER_BATCH,
  MAX_JSON_DEPTH,
  MAX_STRING_LENGTH,
  type Project,
} from '@veil/protocol';
import { MAX_JSON_CONTAINERS, MAX_JSON_VALUES } from '@veil/protocol/limits';
import { apiError, ApiError } from '../errors.js';
import { routeSchema } from '../openapi/route-schema.js';
import { projectForIngest } from '../ingest/check-project.js';
import { addressKey } from '../ingest/address-key.js';
import { startBodyDeadline } from '../ingest/body-deadline.js';
import { createGroupCommitter } from '../ingest/group-commit.js';
import { ingestResult, prepareBatch } from '../ingest/ingest-batch.js';
import { resolveIngestOptions, type IngestOptions } from '../ingest/ingest-options.js';
import { createMemoryBudget, type MemoryLease } from '../ingest/memory-budget.js';
import { JsonLimitScanner } from '../ingest/json-limit-scanner.js';
import { createProjectRateLimiter } from '../ingest/project-rate-limiter.js';
import { readBody, type BodyLimits } from '../ingest/read-body.js';
import underPressure from '../plugins/under-pressure.js';

/** Seconds an overloaded server asks a recorder to wait (it adds its own jitter). */
const OVERLOAD_RETRY_AFTER_S = 2;

/** Room for the multipart boundaries and the key field around a maximal batch file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** Beacon files: gzip (what the recorder sends) or plain JSON. */
const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

/** The beacon form, for the reference: the handler reads the parts itself, key first. */
const beaconFormSchema = z.object({
  key: z.string().describe("the project's ingest key (pk_…); beacons cannot set X-Veil-Key"),
  batch: z.string().meta({ contentMediaType: 'application/gzip' }).describe('the batch JSON as a file: application/gzip or application/json'),
});

const mib = (bytes: number) => bytes / (1024 * 1024);

/** Every refusal of ingest; the README's "Ingest errors" table says which code means what. */
const INGEST_ERRORS = [
  [400, 'The body is not a valid batch: `invalid_batch` (the message names the field, e.g. `events.3.timestamp: …`), `invalid_json`, `invalid_gzip`, `invalid_utf8`, `empty_body`, `invalid_multipart`, `missing_batch`, `aborted`.'],
  [401, 'No key (`missing_key`), or an unknown or rotated-out one (`invalid_key`).'],
  [403, 'The project has recording switched off (`recording_disabled`), or the `Origin` is not allowed (`origin_not_allowed`).'],
  [409, 'This (sessionId, seq) is stored with a different body, or the session belongs to another project (`seq_conflict`); or the batch names another end user than the session was identified with (`session_user_conflict`).'],
  [410, 'The session was deleted early (an erasure or a deletion): its later batches are refused and not retried (`session_erased`).'],
  [
    413,
    `Too large: \`body_too_large\` (${mib(MAX_COMPRESSED_BODY_BYTES)} MiB on the wire), \`decompressed_too_large\` (${mib(MAX_DECOMPRESSED_BODY_BYTES)} MiB), ` +
      `\`too_many_values\` (${MAX_JSON_VALUES.toLocaleString('en')} JSON values, or ${MAX_JSON_CONTAINERS.toLocaleString('en')} objects and arrays), \`too_many_events\` (${MAX_EVENTS_PER_BATCH.toLocaleString('en')}), ` +
      `\`string_too_long\` (${MAX_STRING_LENGTH.toLocaleString('en')} characters), \`too_deep\` (${MAX_JSON_DEPTH} levels), \`too_many_parts\`.`,
  ],
  [415, '`unsupported_media_type` or `unsupported_encoding` (gzip or none).'],
  [408, 'The body did not arrive in time: it gets VEIL_INGEST_BODY_TIMEOUT_MS (20 s) plus 1 s per 500 bytes received (`body_timeout`).'],
  [
    429,
    'Too many batches from one address into one project, whatever the door or key (`rate_limited`), or too many uploads from one ' +
      'address at once (`too_many_uploads`); `Retry-After` says when to retry.',
  ],
  [503, 'Overloaded (`unavailable`); `Retry-After` says when to retry.'],
] as const;

/**
 * POST /api/v1/ingest — a batch from the recorder, through one of two doors:
 * - fetch: `Content-Type: application/json`, optionally `Content-Encoding: gzip`, key in `X-Veil-Key`;
 * - beacon: `multipart/form-data` with a `key` field and a `batch` file (gzip or JSON), because
 *   `navigator.sendBeacon` cannot set headers.
 * Both end in `ingestBatch`, which answers only after the batch is committed.
 */
export default async function ingestRoutes(app: FastifyInstance, options: IngestOptions): Promise<void> {
  const settings = resolveIngestOptions(options, getHeapStatistics().heap_size_limit);
  if (settings.pressure) await app.register(underPressure, settings.pressure);
  const budget = createMemoryBudget(settings.memoryBudgetBytes);
  const committer = createGroupCommitter(app.store);
  const limiter = settings.rateLimit ? createProjectRateLimiter(settings.rateLimit) : null;
  /** The door's project, counted against its rate limit before any of the body is read. */
  const admit: AdmitProject = async (request, key) => {
    const project = await projectForIngest(app.projectCache, key, request.headers.origin);
    limiter?.take(project.id, request.ip);
    return project;
  };
  let inFlight = 0;
  /** Uploads in flight per client address (IPv6: per /64). */
  const uploadsByAddress = new Map<string, number>();

  // Bodies are read as streams by the handler, which enforces the size caps while inflating.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (_req, payload, done) => done(null, payload));
  await app.register(multipart, {
    limits: { fileSize: MAX_COMPRESSED_BODY_BYTES, files: 1, fields: 2, fieldSize: 256, parts: 3, headerPairs: 20 },
  });

  app.post(
    '/api/v1/ingest',
    {
      schema: routeSchema('ingest', {
        tags: ['recorder'],
        summary: 'Store a batch of recorded events',
        description:
          'fetch: `application/json`, optionally `Content-Encoding: gzip`, the key in `X-Veil-Key`. Beacons: ' +
          '`multipart/form-data` with a `key` field and a `batch` file. Answers only after the batch is committed; ' +
          'a re-sent (sessionId, seq) answers `duplicate: true` and is not stored twice. CORS: any origin.',
        // Read as a stream and validated after inflating (ingest/*), so Fastify only documents it.
        documentedBody: { 'application/json': ingestBatchSchema, 'multipart/form-data': beaconFormSchema },
        response: { 200: ingestAckSchema },
        errors: INGEST_ERRORS,
      }),
    },
    async (request, reply) => {
      const now = Date.now();
      const address = addressKey(request.ip);
      const fromAddress = uploadsByAddress.get(address) ?? 0;
      if (fromAddress >= settings.maxUploadsPerAddress) {
        closeIfUnread(request, reply);
        throw apiError('too_many_uploads', undefined, { 'retry-after': String(OVERLOAD_RETRY_AFTER_S) });
      }
      if (inFlight >= settings.maxInFlight) {
        closeIfUnread(request, reply);
        throw apiError('unavailable', undefined, { 'retry-after': String(OVERLOAD_RETRY_AFTER_S) });
      }
      inFlight++;
      uploadsByAddress.set(address, fromAddress + 1);
      const lease = budget.lease();
      const deadline = startBodyDeadline(request.raw, settings.bodyTimeout);
      try {
        const { project, raw, wire } = await deadline.race(
          request.isMultipart() ? readBeacon(request, admit, lease, deadline.signal) : readFetch(request, admit, lease, deadline.signal),
        );
        deadline.stop();
        const prepared = prepareBatch(project, raw, request.headers['user-agent'], now, wire);
        const ack = ingestResult(prepared, await committer.append(prepared.toStore));
        request.log.debug({ project: project.id, events: ack.events, duplicate: ack.duplicate }, 'batch stored');
        // Read by the metrics plugin's onResponse hook.
        request.ingestOutcome = { duplicate: ack.duplicate, events: ack.events, redactionsByKind: ack.redactionsByKind };
        return reply.send({ ok: true, duplicate: ack.duplicate });
      } catch (err) {
        closeIfUnread(request, reply);
        throw err;
      } finally {
        deadline.stop();
        inFlight--;
        const left = uploadsByAddress.get(address)! - 1;
        if (left === 0) uploadsByAddress.delete(address);
        else uploadsByAddress.set(address, left);
        lease.release();
      }
    },
  );
}

/** The fetch door: key and encoding are checked before a byte of the body is read. */
/** A body read by one of the doors: the JSON, and its gzip as it came when it came gzip. */
interface ReadBatch {
  project: Project;
  raw: Buffer;
  wire: Buffer | null;
}

/** Resolves a door's key to its project (refusing bad keys) and counts it against the rate limit. */
type AdmitProject = (request: FastifyRequest, key: unknown) => Promise<Project>;

async function readFetch(request: FastifyRequest, admit: AdmitProject, lease: MemoryLease, signal: AbortSignal): Promise<ReadBatch> {
  const project = await admit(request, request.headers['x-veil-key']);
  const gzip = isGzip(request.headers['content-encoding']);
  refuseLargeDeclaredBody(request, MAX_COMPRESSED_BODY_BYTES);
  const wire: Buffer[] = [];
  const raw = await readBody(request.body as Readable, gzip, batchLimits(lease, wire, signal));
  return { project, raw, wire: gzip ? Buffer.concat(wire) : null };
}

/**
 * The beacon door: the `key` field and the `batch` file, in either order. When the key comes
 * first (as the recorder sends it), a bad key is refused before the file is read.
 */
async function readBeacon(request: FastifyRequest, admit: AdmitProject, lease: MemoryLease, signal: AbortSignal): Promise<ReadBatch> {
  if (isGzip(request.headers['content-encoding'])) throw apiError('unsupported_encoding', 'multipart bodies cannot have a Content-Encoding');
  refuseLargeDeclaredBody(request, MAX_COMPRESSED_BODY_BYTES + MULTIPART_OVERHEAD_BYTES);
  let key: unknown;
  let project: Project | undefined;
  let raw: Buffer | undefined;
  let wire: Buffer | null = null;
  const parts = request.parts()[Symbol.asyncIterator]();
  for (;;) {
    const next = await nextPart(parts);
    if (next.done) break;
    const part = next.value;
    if (part.type === 'field' && part.fieldname === 'key' && key === undefined) {
      key = part.value;
      project = await admit(request, key);
    } else if (part.type === 'file' && part.fieldname === 'batch') {
      const gzip = GZIP_TYPES.has(part.mimetype);
      if (!gzip && part.mimetype !== 'application/json') {
        part.file.resume();
        throw apiError('unsupported_media_type', 'batch: the file must be application/gzip or application/json');
      }
      const chunks: Buffer[] = [];
      raw = await asMultipartError(
        readBody(part.file, gzip, batchLimits(lease, chunks, signal)),
      );
      if (gzip) wire = Buffer.concat(chunks);
      if (part.file.truncated) throw apiError('body_too_large');
    } else {
      if (part.type === 'file') part.file.resume();
      throw apiError('invalid_multipart', `unexpected part "${part.fieldname.slice(0, 32)}": send one key field and one batch file`);
    }
  }
  project ??= await admit(request, key);
  if (raw === undefined) throw apiError('missing_batch');
  return { project, raw, wire };
}

/**
 * The caps a batch body is read under. The JSON limits are checked on the bytes as they inflate,
 * so a body of ten million `{}` is refused after its first few MiB, not once all of it is read;
 * parseBatch checks them again on the whole text (it serves import too, which reads otherwise).
 */
function batchLimits(lease: MemoryLease, wire: Buffer[], signal: AbortSignal): BodyLimits {
  const scanner = new JsonLimitScanner();
  return {
    compressed: MAX_COMPRESSED_BODY_BYTES,
    decompressed: MAX_DECOMPRESSED_BODY_BYTES,
    lease,
    wire,
    inspect: (chunk) => scanner.write(chunk),
    signal,
  };
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
