import fp from 'fastify-plugin';
import { createProjectCache, type ProjectCache } from '../ingest/project-cache.js';
import { onProjectsChanged } from '../services/project-changes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Projects by ingest key for ingest and remote config (ingest/project-cache.ts). */
    projectCache: ProjectCache;
  }
}

/** The project cache, emptied whenever a project changes through this process's services. */
export default fp(
  async (app) => {
    const cache = createProjectCache(app.store);
    const unsubscribe = onProjectsChanged(app.store, () => cache.invalidate());
    app.decorate('projectCache', cache);
    app.addHook('onClose', async () => unsubscribe());
  },
  { name: 'veil-project-cache', dependencies: ['veil-store'] },
);
