import type { Store } from './store/types.js';

export interface BootstrapResult {
  projectId: string;
  projectKey: string;
  adminToken: string;
}

/**
 * On the first start (no project and no token yet) creates the default project and one admin
 * token. The token is answered once, here, and only its hash is kept.
 */
export function bootstrap(store: Store, now: number): BootstrapResult | null {
  if (store.projects.list().length > 0 || store.tokens.count() > 0) return null;
  const project = store.projects.create('Default', now);
  const token = store.tokens.create({ role: 'admin', label: 'bootstrap' }, now);
  store.audit.append({ actor: 'system', action: 'bootstrap', target: project.id, details: { tokenId: token.id } }, now);
  return { projectId: project.id, projectKey: project.key, adminToken: token.token };
}
