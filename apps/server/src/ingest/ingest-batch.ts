import { createHash } from 'node:crypto';
import type { RedactionCounts } from '@veil/privacy';
import type { IngestAck, Project } from '@veil/protocol';
import { apiError } from '../errors.js';
import { encodeChunk } from '../store/chunk-format.js';
import type { AppendResult, BatchToStore, StoreTx } from '../store/types.js';
import { parseBatch } from './parse-batch.js';
import { scrubEvents } from './scrub-events.js';
import { summarizeBatch } from './summarize-batch.js';
import { parseUserAgent } from './user-agent.js';


/** A batch validated, scrubbed and encoded, ready to be committed. */
export interface PreparedBatch {
  toStore: BatchToStore;
  events: number;
  redactions: number;
  redactionsByKind: Readonly<RedactionCounts>;
}

/** What a stored batch answers, plus what metrics want to know of it. */
export type IngestResult = IngestAck & { events: number; redactions: number; redactionsByKind: Readonly<RedactionCounts> };

/**
 * The CPU half of the one path every stored batch takes, whatever door it came through (fetch,
 * beacon, import): validate, scrub again on the server, summarize, encode. Throws ApiError (4xx)
 * for a bad batch. `raw` is the decompressed JSON body; `userAgent` is reduced to
 * browser/OS/device and never stored; `wire` is the body as it came when it came gzip, stored
 * as is if the scrub changes nothing.
 */
export function prepareBatch(project: Project, raw: Buffer, userAgent: string | undefined, now: number, wire: Buffer | null = null): PreparedBatch {
  const { batch, text } = parseBatch(raw, now);
  const { redactions, byKind } = scrubEvents(batch.events, project);
  const summary = summarizeBatch(batch.events);
  const client = parseUserAgent(userAgent);
  // The body may be stored as it came only if it is exactly the serialization of what was
  // checked and scrubbed, after the scrub: that proves the scrub changed nothing (whether it
  // counted it or not) and that nothing in the text escaped the checks — no duplicate keys
  // (JSON.parse keeps the last, so an earlier one would hide unscrubbed content), no
  // whitespace, no alternative spellings of strings or numbers.
  const asSent = redactions === 0 && JSON.stringify(batch) === text;
  const { body, encoding } = encodeChunk(raw, wire, batch.events, asSent);
  return {
    toStore: {
      projectId: project.id,
      sessionId: batch.sessionId,
      seq: batch.seq,
      userId: batch.userId ?? null,
      // Of the batch as received: a re-send is byte-identical JSON, whatever its compression.
      batchHash: createHash('sha256').update(raw).digest('hex'),
      body,
      encoding,
      eventCount: batch.events.length,
      ...summary,
      ...client,
      privacyRedactions: redactions,
    },
    events: batch.events.length,
    redactions,
    redactionsByKind: byKind,
  };
}

/** The answer for a prepared batch once the store has said what became of it. */
export function ingestResult(prepared: PreparedBatch, stored: AppendResult): IngestResult {
  if (stored.status === 'conflict') throw apiError('seq_conflict');
  if (stored.status === 'user_conflict') throw apiError('session_user_conflict');
  if (stored.status === 'erased') throw apiError('session_erased');
  const { events, redactions, redactionsByKind } = prepared;
  return { ok: true, duplicate: stored.status === 'duplicate', events, redactions, redactionsByKind };
}

/**
 * Prepares and commits one batch in its own transaction. Returns only after the commit, so a
 * caller that answers 2xx afterwards never acknowledges a batch that is not on disk. (The ingest
 * route commits through the group committer instead, which batches the commits of concurrent
 * requests; import and tests use this.)
 */
export async function ingestBatch(
  store: Pick<StoreTx, 'sessions'>,
  project: Project,
  raw: Buffer,
  userAgent: string | undefined,
  now: number,
  wire: Buffer | null = null,
): Promise<IngestResult> {
  const prepared = prepareBatch(project, raw, userAgent, now, wire);
  return ingestResult(prepared, await store.sessions.appendBatch(prepared.toStore, now));
}
