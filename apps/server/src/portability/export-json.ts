import { chunkEventsJson } from '../store/chunk-format.js';
import { SESSION_EXPORT_FORMAT, USER_EXPORT_FORMAT, type SessionSummary } from '@veil/protocol';
import type { Store } from '../store/types.js';

/** Chunks read from the store at a time: an export of a long recording never sits in memory whole. */
const CHUNKS_PER_READ = 20;

/**
 * A session export as JSON text, piece by piece (stream it with `Readable.from`): the metadata and
 * the stored rrweb events in their original batches (see sessionExportSchema). Reads only while
 * the session is live at `now`.
 */
export async function* sessionExportJson(store: Store, session: SessionSummary, now: number): AsyncGenerator<string> {
  yield `{"format":"${SESSION_EXPORT_FORMAT}","version":1,"exportedAt":${JSON.stringify(new Date(now).toISOString())},` +
    `"session":${JSON.stringify(session)},"batches":[`;
  let fromSeq = 0;
  let first = true;
  for (;;) {
    const chunks = await store.sessions.chunks(session.id, now, fromSeq, CHUNKS_PER_READ);
    for (const chunk of chunks) {
      // Each chunk is a stored JSON array of events: copied as it is, never re-serialized.
      yield `${first ? '' : ','}{"seq":${chunk.seq},"events":${chunkEventsJson(chunk)}}`;
      first = false;
    }
    if (chunks.length < CHUNKS_PER_READ) break;
    fromSeq = chunks[chunks.length - 1]!.seq + 1;
  }
  yield ']}';
}

/**
 * Everything stored about one end-user id (an access request): each of their live sessions as a
 * session export. Answers the count first, for the audit entry, and the JSON text to stream.
 */
export async function userExportJson(store: Store, userId: string, now: number): Promise<{ sessions: number; json: AsyncIterable<string> }> {
  const ids = await store.sessions.idsOfUser(userId, now);
  async function* json(): AsyncGenerator<string> {
    yield `{"format":"${USER_EXPORT_FORMAT}","version":1,"exportedAt":${JSON.stringify(new Date(now).toISOString())},` +
      `"userId":${JSON.stringify(userId)},"sessions":[`;
    let first = true;
    for (const id of ids) {
      const session = await store.sessions.get(id, now);
      if (!session) continue; // deleted since the list was read
      if (!first) yield ',';
      first = false;
      yield* sessionExportJson(store, session, now);
    }
    yield ']}';
  }
  return { sessions: ids.length, json: json() };
}
