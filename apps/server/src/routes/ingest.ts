import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { MAX_COMPRESSED_BODY_BYTES } from '@veil/protocol';
import { apiError } from '../errors.js';
import { projectForIngest } from '../ingest/check-project.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import { readBody } from '../ingest/read-body.js';

const GZIP = /^\s*gzip\s*$/i;

/**
 * POST /api/v1/ingest — a batch from the recorder.
 * - fetch: `Content-Type: application/json`, optionally `Content-Encoding: gzip`, key in `X-Veil-Key`;
 * - beacon: `multipart/form-data` with a `key` field and a `batch` file (gzip JSON), because
 *   `navigator.sendBeacon` cannot set headers.
 */
export default async function ingestRoutes(app: FastifyInstance): Promise<void> {
  // Bodies are read as streams by the handler, which enforces the size caps while inflating.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (_req, payload, done) => done(null, payload));
  await app.register(multipart, {
    limits: { fileSize: MAX_COMPRESSED_BODY_BYTES, files: 1, fields: 4, fieldSize: 256, parts: 5 },
  });

  app.post('/api/v1/ingest', async (request, reply) => {
    const now = Date.now();
    const origin = request.headers.origin;
    let key: unknown;
    let raw: Buffer;
    if (request.isMultipart()) {
      ({ key, raw } = await readMultipart(request));
    } else {
      key = request.headers['x-veil-key'];
      // Check the key before reading the body: an unauthenticated client gets no inflation work.
      projectForIngest(app.store, key, origin);
      raw = await readBody(request.body as NodeJS.ReadableStream as never, GZIP.test(request.headers['content-encoding'] ?? ''));
    }
    const project = projectForIngest(app.store, key, origin);
    const ack = ingestBatch(app.store, project, raw, request.headers['user-agent'], now);
    request.log.debug({ project: project.id, events: ack.events, duplicate: ack.duplicate }, 'batch stored');
    return reply.send({ ok: true, duplicate: ack.duplicate });
  });
}

/** Reads the beacon form: the key field and the gzip file, in whatever order they come. */
async function readMultipart(request: FastifyRequest): Promise<{ key: unknown; raw: Buffer }> {
  let key: unknown;
  let raw: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'key') key = part.value;
    } else if (part.fieldname === 'batch' && raw === undefined) {
      raw = await readBody(part.file, part.mimetype !== 'application/json');
      if (part.file.truncated) throw apiError('body_too_large');
    } else {
      part.file.resume();
    }
  }
  if (raw === undefined) throw apiError('invalid_batch', 'batch: the multipart body has no batch file');
  return { key, raw };
}
