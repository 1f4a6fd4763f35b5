import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  projectNameSchema,
  rrwebEventSchema,
  sessionEventsQuerySchema,
  type RrwebEvent,
  sessionListQuerySchema,
  sessionListResponseSchema,
  sessionDetailSchema,
} from '@veil/protocol';
import { chunkEventsJson } from '../store/chunk-format.js';
import { apiError } from '../errors.js';
import { routeSchema } from '../openapi/route-schema.js';
import type { SessionFilter } from '../store/types.js';
import { decodeCursor, encodeCursor } from '../util/cursor.js';
import { parseTime } from '../util/time.js';
import { sessionParams } from './params.js';


/** The viewer's read API: list, metadata and events of sessions. */
export default async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Authorization runs on request, before any body or query is looked at.
  const onRequest = app.requireRole('viewer');

  app.get(
    '/api/v1/project-names',
    {
      onRequest,
      schema: routeSchema('viewer', {
        tags: ['sessions'],
        summary: 'Project ids and names, to filter and label sessions',
        description: 'What viewers may know of projects: no keys, no settings (those are for admins: `GET /api/v1/projects`).',
        response: { 200: z.object({ projects: z.array(projectNameSchema) }) },
      }),
    },
    async () => ({ projects: (await app.store.projects.list()).map(({ id, name }) => ({ id, name })) }),
  );

  app.get(
    '/api/v1/sessions',
    {
      onRequest,
      schema: routeSchema('viewer', {
        tags: ['sessions'],
        summary: 'List sessions, newest first',
        description: '`from`/`to` take ISO 8601 or epoch milliseconds; `cursor` is the `nextCursor` of the previous page.',
        querystring: sessionListQuerySchema,
        response: { 200: sessionListResponseSchema },
        errors: [400],
      }),
    },
    async (request) => {
      const q = request.query;
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
      const rows = await app.store.sessions.list(filter, Date.now());
      const more = rows.length > q.limit;
      const sessions = more ? rows.slice(0, q.limit) : rows;
      const last = sessions[sessions.length - 1];
      return {
        sessions,
        nextCursor: more && last ? encodeCursor(Date.parse(last.startedAt), last.id) : null,
      };
    },
  );

  app.get(
    '/api/v1/sessions/:id',
    {
      onRequest,
      schema: routeSchema('viewer', {
        tags: ['sessions'],
        summary: "A session's metadata",
        params: sessionParams,
        response: { 200: sessionDetailSchema },
        errors: [400, 404],
      }),
    },
    async (request) => {
      const session = await app.store.sessions.get(request.params.id, Date.now());
      if (!session) throw apiError('not_found', 'No such session (or it has expired).');
      // The viewer replays with exactly the asset hosts the admin allowed (viewers cannot read project settings).
      const replayAssetOrigins = (await app.store.projects.get(session.projectId))?.replayAssetOrigins ?? [];
      return { ...session, replayAssetOrigins };
    },
  );

  /**
   * The stored rrweb events, in order, as one JSON array. `fromSeq` and `limit` (in batches) let
   * the viewer stream a long recording; `X-Veil-Next-Seq` says where the next window starts.
   */
  app.get(
    '/api/v1/sessions/:id/events',
    {
      onRequest,
      schema: routeSchema('viewer', {
        tags: ['sessions'],
        summary: "A session's rrweb events, in order (audited)",
        description:
          'One JSON array. `fromSeq` and `limit` (in batches) page through a long recording; when more follows, ' +
          'the `X-Veil-Next-Seq` header says where the next window starts. The first window is audited as a view.',
        params: sessionParams,
        querystring: sessionEventsQuerySchema,
        response: {
          200: {
            description: 'The events of the window, as one JSON array; `X-Veil-Next-Seq` when more follows.',
            content: { 'application/json': { schema: z.array(rrwebEventSchema) } },
          },
        },
        errors: [400, 404],
      }),
    },
    async (request, reply) => {
      const now = Date.now();
      const { id } = request.params;
      const fromSeq = request.query.fromSeq ?? 0;
      const limit = request.query.limit ?? -1;
      if (!(await app.store.sessions.get(id, now))) throw apiError('not_found', 'No such session (or it has expired).');
      const chunks = await app.store.sessions.chunks(id, now, fromSeq, limit === -1 ? -1 : limit + 1);
      const page = limit !== -1 && chunks.length > limit ? chunks.slice(0, limit) : chunks;
      if (page.length < chunks.length) reply.header('x-veil-next-seq', String(chunks[limit]!.seq));
      if (fromSeq === 0) {
        await app.store.audit.append({ actor: request.principal!.tokenId, action: 'session.view', target: id }, now);
      }
      // Each chunk is a stored JSON array: join their insides instead of parsing and re-serializing.
      const parts = page.map((c) => chunkEventsJson(c).slice(1, -1)).filter((p) => p.length > 0);
      reply.header('content-type', 'application/json; charset=utf-8');
      // The JSON text of exactly the documented array: a string is sent as it is, not serialized.
      return reply.send(`[${parts.join(',')}]` as unknown as RrwebEvent[]);
    },
  );
}
