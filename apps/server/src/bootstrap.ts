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
export function bootstrap(store: Store, now: number): Promise<BootstrapResult | null> {
  // One transaction: the check and the creation are atomic (two processes starting at once
  // bootstrap once), and the project, the token and the audit entry exist together or not at all.
  return store.transaction(async (tx) => {
    if ((await tx.projects.list()).length > 0 || (await tx.tokens.count()) > 0) return null;
    const project = await tx.projects.create('Default', now);
    const token = await tx.tokens.create({ role: 'admin', label: 'bootstrap' }, now);
    await tx.audit.append({ actor: 'system', action: 'bootstrap', target: project.id, details: { tokenId: token.id } }, now);
    return { projectId: project.id, projectKey: project.key, adminToken: token.token };
  });
}
