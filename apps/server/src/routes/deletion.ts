import type { FastifyInstance } from 'fastify';
import { MAX_USER_ID_LENGTH, type DeletionResult } from '@veil/protocol';
import { deleteInBatches, reclaimFreedSpace } from '../deletion/delete-in-batches.js';
import { apiError } from '../errors.js';

/**
 * Deleting before the retention period ends: one session, every session of one end user (an
 * erasure request), every session of a project. Each is audited with its count, and answers only
 * after the space is given back, so what was deleted is gone from the disk too.
 */
export default async function deletionRoutes(app: FastifyInstance): Promise<void> {
  const admin = { onRequest: app.requireRole('admin') };
  const actor = (request: { principal: { tokenId: string } | null }) => request.principal!.tokenId;

  app.delete<{ Params: { id: string } }>('/api/v1/sessions/:id', admin, async (request): Promise<DeletionResult> => {
    if (!app.store.sessions.delete(request.params.id)) throw apiError('not_found', 'No such session.');
    app.store.audit.append({ actor: actor(request), action: 'session.delete', target: request.params.id, details: { deleted: 1 } }, Date.now());
    await reclaimFreedSpace(app.store);
    return { deleted: 1 };
  });

  app.delete<{ Params: { userId: string } }>('/api/v1/users/:userId/sessions', admin, async (request): Promise<DeletionResult> => {
    const { userId } = request.params;
    if (userId.length > MAX_USER_ID_LENGTH) throw apiError('bad_request', `userId: at most ${MAX_USER_ID_LENGTH} characters`);
    const deleted = await deleteInBatches((limit) => app.store.sessions.deleteByUser(userId, limit));
    app.store.audit.append(
      { actor: actor(request), action: 'user.delete', target: app.store.audit.userRef(userId), details: { deleted } },
      Date.now(),
    );
    await reclaimFreedSpace(app.store);
    return { deleted };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/projects/:id/sessions', admin, async (request): Promise<DeletionResult> => {
    const { id } = request.params;
    if (!app.store.projects.get(id)) throw apiError('not_found', 'No such project.');
    const deleted = await deleteInBatches((limit) => app.store.sessions.deleteByProject(id, limit));
    app.store.audit.append({ actor: actor(request), action: 'project.sessions_delete', target: id, details: { deleted } }, Date.now());
    await reclaimFreedSpace(app.store);
    return { deleted };
  });
}
