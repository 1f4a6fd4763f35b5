import type { Principal, Store } from '../store/types.js';

/**
 * Starts a viewer login for a verified token, audited as `auth.login` in the same transaction;
 * answers the cookie value (the store keeps only its hash).
 */
export function startLogin(store: Store, principal: Principal, now: number, ttlMs: number): Promise<string> {
  return store.transaction(async (tx) => {
    const cookie = await tx.tokens.createLogin(principal.tokenId, now, ttlMs);
    await tx.audit.append({ actor: principal.tokenId, action: 'auth.login' }, now);
    return cookie;
  });
}

/** Ends the login of a cookie, audited as `auth.logout` when it was a live login. */
export function endLogin(store: Store, cookie: string, now: number): Promise<void> {
  return store.transaction(async (tx) => {
    const principal = await tx.tokens.verifyLogin(cookie, now);
    await tx.tokens.deleteLogin(cookie);
    if (principal) await tx.audit.append({ actor: principal.tokenId, action: 'auth.logout' }, now);
  });
}
