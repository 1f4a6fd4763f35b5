import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListResponseSchema, auditQuerySchema, auditVerificationSchema } from '@veil/protocol';
import { routeSchema } from '../openapi/route-schema.js';
import { parseTime } from '../util/time.js';

/** The audit log for admins: filtered, newest first, paged with `before`; and its chain check. */
export default async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const onRequest = app.requireRole('admin');

  app.get(
    '/api/v1/audit',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['audit'],
        summary: 'Read the audit log, newest first',
        description:
          '`userId` finds entries about an end user (the log keeps only their pseudonym); `from`/`to` take ISO 8601 or ' +
          'epoch milliseconds; `before` is the `nextBefore` of the previous page.',
        querystring: auditQuerySchema,
        response: { 200: auditListResponseSchema },
        errors: [400],
      }),
    },
    async (request) => {
      const q = request.query;
      // End-user ids are never stored in the log; the filter looks for their pseudonym.
      const target = q.userId !== undefined ? app.store.audit.userRef(q.userId) : q.target;
      const rows = await app.store.audit.list({
        action: q.action,
        actor: q.actor,
        target,
        fromMs: q.from === undefined ? undefined : parseTime(q.from, 'from'),
        toMs: q.to === undefined ? undefined : parseTime(q.to, 'to'),
        beforeId: q.before,
        limit: q.limit + 1,
      });
      const more = rows.length > q.limit;
      const entries = (more ? rows.slice(0, q.limit) : rows).map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
      return { entries, nextBefore: more ? entries[entries.length - 1]!.id : null };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['audit'],
        summary: "Check the audit log's hash chain",
        description: 'As `veil audit verify`: `ok: false` names the first entry that was edited or removed.',
        response: { 200: auditVerificationSchema },
      }),
    },
    async () => app.store.audit.verify(),
  );
}
