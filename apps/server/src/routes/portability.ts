import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import { MAX_DECOMPRESSED_BODY_BYTES, MAX_USER_ID_LENGTH } from '@veil/protocol';
import { apiError } from '../errors.js';
import { readBody } from '../ingest/read-body.js';
import { sessionExportJson, userExportJson } from '../portability/export-json.js';
import { importSession } from '../portability/import-session.js';

/** Largest import file, compressed or inflated: an ingest batch may be this large, a file no larger. */
const MAX_IMPORT_BYTES = MAX_DECOMPRESSED_BODY_BYTES;
const importLimits = { compressed: MAX_IMPORT_BYTES, decompressed: MAX_IMPORT_BYTES };

/** Exports (a session for viewers; everything about one end user for admins) and imports. */
export default async function portabilityRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 2, fieldSize: 128, parts: 3 } });
  const viewer = { onRequest: app.requireRole('viewer') };
  const admin = { onRequest: app.requireRole('admin') };

  app.get<{ Params: { id: string } }>('/api/v1/sessions/:id/export', viewer, async (request, reply) => {
    const now = Date.now();
    const session = app.store.sessions.get(request.params.id, now);
    if (!session) throw apiError('not_found', 'No such session (or it has expired).');
    app.store.audit.append({ actor: request.principal!.tokenId, action: 'session.export', target: session.id }, now);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="veil-session-${safeName(session.id)}.json"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(sessionExportJson(app.store, session, now)));
  });

  app.get<{ Params: { userId: string } }>('/api/v1/users/:userId/export', admin, async (request, reply) => {
    const { userId } = request.params;
    if (userId.length > MAX_USER_ID_LENGTH) throw apiError('bad_request', `userId: at most ${MAX_USER_ID_LENGTH} characters`);
    const now = Date.now();
    const { sessions, json } = userExportJson(app.store, userId, now);
    app.store.audit.append(
      { actor: request.principal!.tokenId, action: 'user.export', target: app.store.audit.userRef(userId), details: { sessions } },
      now,
    );
    // The file name carries no end-user id: it would end up in download folders and logs.
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="veil-user-export.json"')
      .header('cache-control', 'no-store')
      .send(Readable.from(json));
  });

  app.post('/api/v1/import', admin, async (request, reply) => {
    if (!request.isMultipart()) throw apiError('unsupported_media_type', 'Send multipart/form-data with a "file" part.');
    const { projectId, file } = await readImportForm(request);
    const project = projectId === undefined ? app.store.projects.list()[0] : app.store.projects.get(projectId);
    if (!project) throw apiError('not_found', 'No such project.');
    const now = Date.now();
    const result = importSession(app.store, project, file, now);
    app.store.audit.append(
      {
        actor: request.principal!.tokenId,
        action: 'session.import',
        target: result.sessionId,
        details: { projectId: project.id, sourceSessionId: result.sourceSessionId, batches: result.batches, duplicates: result.duplicates },
      },
      now,
    );
    return reply.status(result.duplicates === result.batches ? 200 : 201).send(result);
  });
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
