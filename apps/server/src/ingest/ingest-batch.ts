import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IngestAck, Project } from '@veil/protocol';
import { apiError } from '../errors.js';
import type { Store } from '../store/types.js';
import { parseBatch } from './parse-batch.js';
import { scrubEvents } from './scrub-events.js';
import { summarizeBatch } from './summarize-batch.js';
import { parseUserAgent } from './user-agent.js';

/**
 * The one path every stored batch takes, whatever door it came through (fetch, beacon, import):
 * validate, scrub again on the server, summarize, compress, commit. Answers only after the commit.
 */
export function ingestBatch(
  store: Store,
  project: Project,
  raw: Buffer,
  userAgent: string | undefined,
  now: number,
): IngestAck & { events: number; redactions: number } {
  const batch = parseBatch(raw);
  const { redactions } = scrubEvents(batch.events, project);
  const summary = summarizeBatch(batch.events);
  const client = parseUserAgent(userAgent);
  const body = gzipSync(JSON.stringify(batch.events), { level: 6 });
  const result = store.sessions.appendBatch(
    {
      projectId: project.id,
      sessionId: batch.sessionId,
      seq: batch.seq,
      userId: batch.userId ?? null,
      batchHash: createHash('sha256').update(raw).digest('hex'),
      body,
      eventCount: batch.events.length,
      ...summary,
      ...client,
      privacyRedactions: redactions,
    },
    now,
  );
  if (result.status === 'conflict') throw apiError('seq_conflict');
  return { ok: true, duplicate: result.status === 'duplicate', events: batch.events.length, redactions };
}
