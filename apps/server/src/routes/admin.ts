import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { keyRotationSchema, projectCreateSchema, projectPatchSchema, tokenRoleSchema, type KeyRotation } from '@veil/protocol';
import { apiError } from '../errors.js';
import { parseOr400 } from '../util/validate.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const tokenCreateSchema = z.strictObject({
  role: tokenRoleSchema,
  label: z.string().trim().min(1).max(100).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** Admin API: projects and their settings, ingest keys, tokens. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  // Authorization runs on request, before any body is parsed.
  const admin = { onRequest: app.requireRole('admin') };

  app.get('/api/v1/projects', admin, async () => ({ projects: app.store.projects.list() }));

  app.post('/api/v1/projects', admin, async (request, reply) => {
    const { name } = parseOr400(projectCreateSchema, request.body);
    const now = Date.now();
    const project = app.store.projects.create(name, now);
    app.store.audit.append({ actor: request.principal!.tokenId, action: 'project.create', target: project.id }, now);
    return reply.status(201).send(project);
  });

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

  app.post<{ Params: { id: string } }>('/api/v1/projects/:id/rotate-key', admin, async (request): Promise<KeyRotation> => {
    // An empty POST (no body, no content type) means the default grace period.
    const { graceHours } = parseOr400(keyRotationSchema, request.body ?? {});
    const now = Date.now();
    const rotated = app.store.projects.rotateKey(request.params.id, now, graceHours * HOUR_MS);
    if (!rotated) throw apiError('not_found', 'No such project.');
    app.store.audit.append(
      { actor: request.principal!.tokenId, action: 'project.rotate_key', target: request.params.id, details: { graceHours } },
      now,
    );
    const until = rotated.previousKeyValidUntil;
    return { key: rotated.key, previousKeyValidUntil: until === null ? null : new Date(until).toISOString() };
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
}
