import type { FastifyInstance } from 'fastify';
import { gunzipSync } from 'node:zlib';
import { sessionListQuerySchema, type SessionListResponse } from '@veil/protocol';
import { apiError } from '../errors.js';
import type { SessionFilter } from '../store/types.js';
import { parseOr400 } from '../util/validate.js';
import { decodeCursor, encodeCursor } from '../util/cursor.js';
import { parseTime } from '../util/time.js';

/** The viewer's read API: list, metadata and events of sessions. */
export default async function sessionRoutes(app: FastifyInstance): Promise<void> {
  // Authorization runs on request, before any body or query is looked at.
  const viewer = { onRequest: app.requireRole('viewer') };

  app.get('/api/v1/sessions', viewer, async (request): Promise<SessionListResponse> => {
    const q = parseOr400(sessionListQuerySchema, request.query);
    const filter: SessionFilter = {
      projectId: q.projectId,
      userId: q.userId,
      urlContains: q.urlContains,
      minDurationMs: q.minDurationMs,
      fromMs: q.from === undefined ? undefined : parseTime(q.from, 'from'),
      toMs: q.to === undefined ? undefined : parseTime(q.to, 'to'),
      limit: q.limit + 1,
      cursor: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
    };
    const rows = app.store.sessions.list(filter, Date.now());
    const more = rows.length > q.limit;
    const sessions = more ? rows.slice(0, q.limit) : rows;
    const last = sessions[sessions.length - 1];
    return {
      sessions,
      nextCursor: more && last ? encodeCursor(Date.parse(last.startedAt), last.id) : null,
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/sessions/:id', viewer, async (request) => {
    const session = app.store.sessions.get(request.params.id, Date.now());
    if (!session) throw apiError('not_found', 'No such session (or it has expired).');
    return session;
  });

  /**
   * The stored rrweb events, in order, as one JSON array. `fromSeq` and `limit` (in batches) let
   * the viewer stream a long recording; `X-Veil-Next-Seq` says where the next window starts.
   */
  app.get<{ Params: { id: string }; Querystring: { fromSeq?: string; limit?: string } }>(
    '/api/v1/sessions/:id/events',
    viewer,
    async (request, reply) => {
      const now = Date.now();
      const { id } = request.params;
      const fromSeq = request.query.fromSeq === undefined ? 0 : toCount(request.query.fromSeq, 'fromSeq');
      const limit = request.query.limit === undefined ? -1 : toCount(request.query.limit, 'limit');
      if (!app.store.sessions.get(id, now)) throw apiError('not_found', 'No such session (or it has expired).');
      const chunks = app.store.sessions.chunks(id, now, fromSeq, limit === -1 ? -1 : limit + 1);
      const page = limit !== -1 && chunks.length > limit ? chunks.slice(0, limit) : chunks;
      if (page.length < chunks.length) reply.header('x-veil-next-seq', String(chunks[limit]!.seq));
      if (fromSeq === 0) {
        app.store.audit.append({ actor: request.principal!.tokenId, action: 'session.view', target: id }, now);
      }
      // Each chunk is a stored JSON array: join their insides instead of parsing and re-serializing.
      const parts = page.map((c) => gunzipSync(c.body).toString('utf8').slice(1, -1)).filter((p) => p.length > 0);
      reply.header('content-type', 'application/json; charset=utf-8');
      return reply.send(`[${parts.join(',')}]`);
    },
  );
}

function toCount(value: string, name: string): number {
  if (!/^\d{1,9}$/.test(value)) throw apiError('bad_request', `${name}: must be a non-negative integer`);
  return Number(value);
}
