import type { FastifyInstance } from 'fastify';
import { auditQuerySchema, type AuditListResponse } from '@veil/protocol';
import { parseOr400 } from '../util/validate.js';
import { parseTime } from '../util/time.js';

/** The audit log for admins: filtered, newest first, paged with `before`; and its chain check. */
export default async function auditRoutes(app: FastifyInstance): Promise<void> {
  const admin = { onRequest: app.requireRole('admin') };

  app.get('/api/v1/audit', admin, async (request): Promise<AuditListResponse> => {
    const q = parseOr400(auditQuerySchema, request.query);
    // End-user ids are never stored in the log; the filter looks for their pseudonym.
    const target = q.userId !== undefined ? app.store.audit.userRef(q.userId) : q.target;
    const rows = app.store.audit.list({
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
  });

  app.get('/api/v1/audit/verify', admin, async () => app.store.audit.verify());
}
