import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { importResultSchema, sessionExportFileSchema, userExportFileSchema } from '@veil/protocol';
import { MAX_IMPORT_FILE_BYTES } from '@veil/protocol/limits';
import { apiError } from '../errors.js';
import { routeSchema } from '../openapi/route-schema.js';
import { IMPORT_RATE_LIMIT } from '../ingest/ingest-options.js';
import { createProjectRateLimiter } from '../ingest/project-rate-limiter.js';
import { readBody } from '../ingest/read-body.js';
import { requestCall } from '../services/audited-call.js';
import { exportSession, exportUser } from '../services/export-service.js';
import { importSessionFile } from '../services/import-service.js';
import { sessionParams, userParams } from './params.js';

/** Largest import file, compressed or inflated (each batch in it is still held to the ingest limits). */
const MAX_IMPORT_BYTES = MAX_IMPORT_FILE_BYTES;
const importLimits = { compressed: MAX_IMPORT_BYTES, decompressed: MAX_IMPORT_BYTES };

/** The import form, for the reference: the handler reads and checks the parts itself. */
const importFormSchema = z.object({
  file: z.string().meta({ contentMediaType: 'application/octet-stream' }).describe('a session export (JSON, or gzip JSON)'),
  projectId: z.string().optional().describe('target project; default: the first project'),
});

/** A JSON file download. */
const attachment = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/** Exports (a session for viewers; everything about one end user for admins) and imports. */
export default async function portabilityRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 2, fieldSize: 128, parts: 3 } });
  // Imports count per target project and client address, like the ingest doors (ingest/project-rate-limiter.ts).
  const importLimiter = createProjectRateLimiter(IMPORT_RATE_LIMIT);

  app.get(
    '/api/v1/sessions/:id/export',
    {
      onRequest: app.requireRole('viewer'),
      schema: routeSchema('viewer', {
        tags: ['sessions'],
        summary: 'Export a session as a JSON file (audited)',
        description: 'A download (`content-disposition: attachment`) that POST /api/v1/import reads back.',
        params: sessionParams,
        response: { 200: attachment(sessionExportFileSchema, 'The session export file.') },
        errors: [400, 404],
      }),
    },
    async (request, reply) => {
      const exported = await exportSession(requestCall(app.store, request), request.params.id);
      if (!exported) throw apiError('not_found', 'No such session (or it has expired).');
      const { session, json } = exported;
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="veil-session-${safeName(session.id)}.json"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(json));
    },
  );

  app.get(
    '/api/v1/users/:userId/export',
    {
      onRequest: app.requireRole('admin'),
      schema: routeSchema('admin', {
        tags: ['data requests'],
        summary: 'Export everything stored about one end user (access request; audited)',
        params: userParams,
        response: { 200: attachment(userExportFileSchema, "Every live recording of the end user, as session exports.") },
        errors: [400],
      }),
    },
    async (request, reply) => {
      const { json } = await exportUser(requestCall(app.store, request), request.params.userId);
      // The file name carries no end-user id: it would end up in download folders and logs.
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="veil-user-export.json"')
        .header('cache-control', 'no-store')
        .send(Readable.from(json));
    },
  );

  app.post(
    '/api/v1/import',
    {
      onRequest: app.requireRole('admin'),
      schema: routeSchema('admin', {
        tags: ['data requests'],
        summary: 'Import a session export',
        description:
          'Goes through the same validation and privacy scrub as recorded data and keeps the recording\'s age. Answers 201, ' +
          'or 200 when the same file was imported before (`duplicates` = `batches`).',
        documentedBody: { 'multipart/form-data': importFormSchema },
        response: { 201: importResultSchema, 200: importResultSchema },
        errors: [
          [400, 'Not a Veil session export (`invalid_import`; the message names the field), or a malformed form.'],
          [404, 'No such project (`not_found`).'],
          [413, 'The file is larger than 100 MiB, compressed or inflated (`body_too_large`, `decompressed_too_large`).'],
          [415, 'Not multipart/form-data (`unsupported_media_type`).'],
          [429, 'More than 60 imports a minute into one project from one address (`rate_limited`); `Retry-After` says when to retry.'],
        ],
      }),
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw apiError('unsupported_media_type', 'Send multipart/form-data with a "file" part.');
      const { projectId, file } = await readImportForm(request);
      const project = projectId === undefined ? (await app.store.projects.list())[0] : await app.store.projects.get(projectId);
      if (!project) throw apiError('not_found', 'No such project.');
      importLimiter.take(project.id, request.ip);
      const result = await importSessionFile(requestCall(app.store, request), project, file);
      return reply.status(result.duplicates === result.batches ? 200 : 201).send(result);
    },
  );
}

/** Reads the form: an optional `projectId` field and the `file` part (JSON, or gzip JSON). */
async function readImportForm(request: FastifyRequest): Promise<{ projectId: string | undefined; file: unknown }> {
  let projectId: string | undefined;
  let raw: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'projectId' && typeof part.value === 'string' && part.value !== '') projectId = part.value;
    } else if (part.fieldname === 'file' && raw === undefined) {
      raw = await readBody(part.file, false, importLimits);
    } else {
      part.file.resume();
    }
  }
  if (raw === undefined) throw apiError('invalid_import', 'file: the form has no "file" part');
  // gzip magic bytes: inflate with the same streaming cap as ingest.
  if (raw[0] === 0x1f && raw[1] === 0x8b) raw = await readBody(Readable.from([raw]), true, importLimits);
  try {
    return { projectId, file: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as unknown };
  } catch {
    throw apiError('invalid_import', 'file: not valid UTF-8 JSON');
  }
}

/** A session id as a file name: only the characters session ids are made of. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}
