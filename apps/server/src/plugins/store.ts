import fp from 'fastify-plugin';
import type { Store } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

/** Decorates the app with the store and closes it when the app closes. */
export default fp<{ store: Store }>(
  async (app, { store }) => {
    app.decorate('store', store);
    app.addHook('onClose', async () => store.close());
  },
  { name: 'veil-store' },
);
