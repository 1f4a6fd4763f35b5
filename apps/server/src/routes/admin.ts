import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  keyRotationResultSchema,
  keyRotationSchema,
  okSchema,
  projectCreateSchema,
  projectPatchSchema,
  projectSchema,
  tokenCreatedSchema,
  tokenCreateSchema,
  tokenInfoSchema,
} from '@veil/protocol';
import { apiError } from '../errors.js';
import { routeSchema } from '../openapi/route-schema.js';
import { requestCall } from '../services/audited-call.js';
import { createProject, rotateProjectKey, updateProject } from '../services/project-service.js';
import { createToken, revokeToken } from '../services/token-service.js';
import { projectParams, tokenParams } from './params.js';

const DAY_MS = 86_400_000;

/** Admin API: projects and their settings, ingest keys, tokens. Changes go through the services (audited). */
export default async function adminRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Authorization runs on request, before any body is parsed.
  const onRequest = app.requireRole('admin');
  const call = (request: Parameters<typeof requestCall>[1], now?: number) => requestCall(app.store, request, now);

  app.get(
    '/api/v1/projects',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['projects'],
        summary: 'List projects',
        response: { 200: z.object({ projects: z.array(projectSchema) }) },
      }),
    },
    async () => ({ projects: await app.store.projects.list() }),
  );

  app.post(
    '/api/v1/projects',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['projects'],
        summary: 'Create a project',
        description: 'Answers 201 and the new project, with its ingest key.',
        body: projectCreateSchema,
        response: { 201: projectSchema },
        errors: [400],
      }),
    },
    async (request, reply) => {
      return reply.status(201).send(await createProject(call(request), request.body.name));
    },
  );

  app.get(
    '/api/v1/projects/:id',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['projects'],
        summary: 'A project and its settings',
        params: projectParams,
        response: { 200: projectSchema },
        errors: [400, 404],
      }),
    },
    async (request) => {
      const project = await app.store.projects.get(request.params.id);
      if (!project) throw apiError('not_found', 'No such project.');
      return project;
    },
  );

  app.patch(
    '/api/v1/projects/:id',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['projects'],
        summary: "Change a project's settings",
        description: '`enabled` is the recording kill switch: a running page stops within one flush interval. Audited with the changes.',
        params: projectParams,
        body: projectPatchSchema,
        response: { 200: projectSchema },
        errors: [400, 404],
      }),
    },
    async (request) => {
      const project = await updateProject(call(request), request.params.id, request.body);
      if (!project) throw apiError('not_found', 'No such project.');
      return project;
    },
  );

  app.post(
    '/api/v1/projects/:id/rotate-key',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['projects'],
        summary: "Rotate a project's ingest key",
        description: 'The previous key keeps working for `graceHours` (default 24; 0 ends it at once). An empty POST takes the default.',
        params: projectParams,
        body: keyRotationSchema,
        response: { 200: keyRotationResultSchema },
        errors: [400, 404],
      }),
    },
    async (request) => {
      const rotated = await rotateProjectKey(call(request), request.params.id, request.body.graceHours);
      if (!rotated) throw apiError('not_found', 'No such project.');
      const until = rotated.previousKeyValidUntil;
      return { key: rotated.key, previousKeyValidUntil: until === null ? null : new Date(until).toISOString() };
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['tokens'],
        summary: 'List access tokens (never the tokens themselves)',
        response: { 200: z.object({ tokens: z.array(tokenInfoSchema) }) },
      }),
    },
    async () => ({ tokens: await app.store.tokens.list() }),
  );

  app.post(
    '/api/v1/tokens',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['tokens'],
        summary: 'Create an access token',
        description: 'Answers 201 with the token: the only time it is shown (it is stored hashed).',
        body: tokenCreateSchema,
        response: { 201: tokenCreatedSchema },
        errors: [400],
      }),
    },
    async (request, reply) => {
      const input = request.body;
      const now = Date.now();
      const created = await createToken(call(request, now), {
        role: input.role,
        label: input.label ?? null,
        expiresAt: input.expiresInDays ? now + input.expiresInDays * DAY_MS : null,
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['tokens'],
        summary: 'Revoke an access token',
        description: "Also ends the token's viewer logins.",
        params: tokenParams,
        response: { 200: okSchema },
        errors: [400, [404, 'No such live token (`not_found`).']],
      }),
    },
    async (request) => {
      if (!(await revokeToken(call(request), request.params.id))) throw apiError('not_found', 'No such live token.');
      return { ok: true as const };
    },
  );
}
