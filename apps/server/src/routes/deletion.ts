import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { deletionResultSchema } from '@veil/protocol';
import { apiError } from '../errors.js';
import { routeSchema } from '../openapi/route-schema.js';
import { requestCall } from '../services/audited-call.js';
import { deleteProjectSessions, deleteSession, eraseUser } from '../services/deletion-service.js';
import { projectParams, sessionParams, userParams } from './params.js';


/**
 * Deleting before the retention period ends: one session, every session of one end user (an
 * erasure request), every session of a project. Each is audited with its count in the same
 * transaction as the deletion (services/deletion-service.ts), and answers only after the space
 * is given back, so what was deleted is gone from the disk too.
 */
export default async function deletionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const onRequest = app.requireRole('admin');
  const call = (request: Parameters<typeof requestCall>[1]) => requestCall(app.store, request);
  const response = { 200: deletionResultSchema };

  app.delete(
    '/api/v1/sessions/:id',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['data requests'],
        summary: 'Delete one recording',
        params: sessionParams,
        response,
        errors: [400, 404],
      }),
    },
    async (request) => {
      if (!(await deleteSession(call(request), request.params.id))) throw apiError('not_found', 'No such session.');
      return { deleted: 1 };
    },
  );

  app.delete(
    '/api/v1/users/:userId/sessions',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['data requests'],
        summary: "Erase an end user: delete all their recordings, in every project",
        description: 'The audit log keeps the end-user id only as a keyed pseudonym.',
        params: userParams,
        response,
        errors: [400],
      }),
    },
    async (request) => {
      return { deleted: await eraseUser(call(request), request.params.userId) };
    },
  );

  app.delete(
    '/api/v1/projects/:id/sessions',
    {
      onRequest,
      schema: routeSchema('admin', {
        tags: ['data requests'],
        summary: 'Delete all recordings of a project',
        description: 'The project and its settings stay.',
        params: projectParams,
        response,
        errors: [400, 404],
      }),
    },
    async (request) => {
      const { id } = request.params;
      if (!(await app.store.projects.get(id))) throw apiError('not_found', 'No such project.');
      return { deleted: await deleteProjectSessions(call(request), id) };
    },
  );
}
