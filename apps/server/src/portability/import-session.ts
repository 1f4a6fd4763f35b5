import { createHash } from 'node:crypto';
import { sessionExportSchema, type ImportResult, type Project } from '@veil/protocol';
import { ApiError, apiError } from '../errors.js';
import { ingestResult, prepareBatch, type PreparedBatch } from '../ingest/ingest-batch.js';
import type { StoreTx } from '../store/types.js';
import { parseOr400 } from '../util/validate.js';

/**
 * The id an imported session gets: derived from the target project and the exported id, so
 * importing the same file again lands on the same session (each batch is then a duplicate and
 * nothing is written twice), while the copy never collides with the original it was exported from.
 */
export function importedSessionId(projectId: string, sourceSessionId: string): string {
  return `imp-${createHash('sha256').update(`${projectId}\n${sourceSessionId}`).digest('base64url').slice(0, 40)}`;
}

/** A session export checked and scrubbed whole, before anything of it is written. */
export interface PreparedImport {
  sessionId: string;
  sourceSessionId: string;
  batches: PreparedBatch[];
}

/**
 * The CPU half of an import: turns each exported batch back into an ingest batch and prepares
 * it like recorded data (the same validation, limits and privacy scrub). Writes nothing, so a bad
 * batch anywhere in the file (the message names it: `batches.2: …`) leaves no trace.
 */
export function prepareImport(project: Project, file: unknown, now: number): PreparedImport {
  const data = parseOr400(sessionExportSchema, file, 'invalid_import');
  const sessionId = importedSessionId(project.id, data.session.id);
  const batches = [...data.batches].sort((a, b) => a.seq - b.seq);
  const prepared = batches.map((batch, i) =>
    inBatch(i, () => {
      const raw = toRawBatch({ v: 1, sessionId, seq: batch.seq, userId: data.session.userId, events: batch.events }, i);
      return prepareBatch(project, raw, undefined, now);
    }),
  );
  return { sessionId, sourceSessionId: data.session.id, batches: prepared };
}

/**
 * Stores a prepared import through `tx`: call it inside Store.transaction, so the file's batches
 * are stored all or none. It throws (and the transaction rolls back, leaving no trace — no
 * erased-session marker either, so the corrected file imports) when a batch conflicts with what
 * is stored, or when the recording is older than the project keeps recordings.
 */
export async function storeImport(tx: StoreTx, project: Project, prepared: PreparedImport, now: number): Promise<ImportResult> {
  const results = await tx.sessions.appendBatches(prepared.batches.map((b) => b.toStore), now);
  let duplicates = 0;
  results.forEach((stored, i) => {
    if (inBatch(i, () => ingestResult(prepared.batches[i]!, stored)).duplicate) duplicates++;
  });
  // A recording keeps its age: one older than the project's retention would never be served.
  const session = await tx.sessions.get(prepared.sessionId, now);
  if (session === null) throw apiError('invalid_import', "The recording is older than the project's retention period; nothing was imported.");
  return {
    sessionId: prepared.sessionId,
    sourceSessionId: prepared.sourceSessionId,
    projectId: project.id,
    batches: prepared.batches.length,
    duplicates,
    expiresAt: session.expiresAt,
  };
}

/** Runs `work` for batch `index`, naming the batch in a client error's message. */
function inBatch<T>(index: number, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    throw apiError(err.code, `batches.${index}: ${err.message}`);
  }
}

function toRawBatch(batch: object, index: number): Buffer {
  try {
    return Buffer.from(JSON.stringify(batch));
  } catch {
    // Serializing is recursive: a pathologically nested file would overflow the stack.
    throw apiError('too_deep', `batches.${index}: nested deeper than allowed`);
  }
}
