import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { projectPatchSchema, tokenRoleSchema } from '@veil/protocol';
import { apiError } from '../errors.js';
import { parseOr400 } from '../util/validate.js';

const DAY_MS = 86_400_000;
const tokenCreateSchema = z.strictObject({
  role: tokenRoleSchema,
  label: z.string().trim().min(1).max(100).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

/** Admin API: projects, tokens, the audit log. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const admin = { preHandler: app.requireRole('admin') };

  app.get('/api/v1/projects', admin, async () => ({ projects: app.store.projects.list() }));

  app.get<{ Params: { id: string } }>('/api/v1/projects/:id', admin, async (request) => {
    const project = app.store.projects.get(request.params.id);
    if (!project) throw apiError('not_found', 'No such project.');
    return project;
  });

  app.patch<{ Params: { id: string } }>('/api/v1/projects/:id', admin, async (request) => {
    const patch = parseOr400(projectPatchSchema, request.body);
    if (!app.store.projects.get(request.params.id)) throw apiError('not_found', 'No such project.');
    const project = app.store.projects.update(request.params.id, patch)!;
    app.store.audit.append(
      { actor: request.principal!.tokenId, action: 'project.update', target: project.id, details: { changes: patch } },
      Date.now(),
    );
    return project;
  });

  app.get('/api/v1/tokens', admin, async () => ({ tokens: app.store.tokens.list() }));

  app.post('/api/v1/tokens', admin, async (request, reply) => {
    const input = parseOr400(tokenCreateSchema, request.body);
    const now = Date.now();
    const created = app.store.tokens.create(
      { role: input.role, label: input.label ?? null, expiresAt: input.expiresInDays ? now + input.expiresInDays * DAY_MS : null },
      now,
    );
    app.store.audit.append({ actor: request.principal!.tokenId, action: 'token.create', target: created.id, details: { role: created.role } }, now);
    return reply.status(201).send(created);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', admin, async (request) => {
    const now = Date.now();
    if (!app.store.tokens.revoke(request.params.id, now)) throw apiError('not_found', 'No such live token.');
    app.store.audit.append({ actor: request.principal!.tokenId, action: 'token.revoke', target: request.params.id }, now);
    return { ok: true };
  });

  app.get('/api/v1/audit', admin, async (request) => {
    const q = parseOr400(auditQuerySchema, request.query);
    return { entries: app.store.audit.list(q.limit, q.before) };
  });
}
