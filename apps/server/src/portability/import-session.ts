import { createHash } from 'node:crypto';
import { sessionExportSchema, type ImportResult, type Project } from '@veil/protocol';
import { ApiError, apiError } from '../errors.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import type { Store } from '../store/types.js';
import { parseOr400 } from '../util/validate.js';

/**
 * The id an imported session gets: derived from the target project and the exported id, so
 * importing the same file again lands on the same session (each batch is then a duplicate and
 * nothing is written twice), while the copy never collides with the original it was exported from.
 */
export function importedSessionId(projectId: string, sourceSessionId: string): string {
  return `imp-${createHash('sha256').update(`${projectId}\n${sourceSessionId}`).digest('base64url').slice(0, 40)}`;
}

/**
 * Imports a session export into `project` by turning each exported batch back into an ingest
 * batch and sending it through ingestBatch: the same validation, limits and privacy scrub as
 * recorded data. A failed import of a new session leaves nothing behind.
 */
export function importSession(store: Store, project: Project, file: unknown, now: number): ImportResult {
  const data = parseOr400(sessionExportSchema, file, 'invalid_import');
  const sessionId = importedSessionId(project.id, data.session.id);
  const existed = store.sessions.get(sessionId, now) !== null;
  const batches = [...data.batches].sort((a, b) => a.seq - b.seq);
  let duplicates = 0;
  try {
    for (const [i, batch] of batches.entries()) {
      const raw = toRawBatch({ v: 1, sessionId, seq: batch.seq, userId: data.session.userId, events: batch.events }, i);
      try {
        if (ingestBatch(store, project, raw, undefined, now).duplicate) duplicates++;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        throw apiError(err.code, `batches.${i}: ${err.message}`);
      }
    }
    // A recording keeps its age: one older than the project's retention would never be served.
    if (store.sessions.get(sessionId, now) === null) {
      throw apiError('invalid_import', "The recording is older than the project's retention period; nothing was imported.");
    }
  } catch (err) {
    if (!existed) store.sessions.delete(sessionId);
    throw err;
  }
  const stored = store.sessions.get(sessionId, now)!;
  return {
    sessionId,
    sourceSessionId: data.session.id,
    projectId: project.id,
    batches: batches.length,
    duplicates,
    expiresAt: stored.expiresAt,
  };
}

function toRawBatch(batch: object, index: number): Buffer {
  try {
    return Buffer.from(JSON.stringify(batch));
  } catch {
    // Serializing is recursive: a pathologically nested file would overflow the stack.
    throw apiError('too_deep', `batches.${index}: nested deeper than allowed`);
  }
}
