import type { Principal, Store } from '../store/types.js';

/**
 * Starts a viewer login for a verified token, audited as `auth.login` in the same transaction;
 * answers the cookie value (the store keeps only its hash).
 */
export function startLogin(store: Store, principal: Principal, now: number, ttlMs: number): string {
  return store.transaction((tx) => {
    const cookie = tx.tokens.createLogin(principal.tokenId, now, ttlMs);
    tx.audit.append({ actor: principal.tokenId, action: 'auth.login' }, now);
    return cookie;
  });
}

/** Ends the login of a cookie, audited as `auth.logout` when it was a live login. */
export function endLogin(store: Store, cookie: string, now: number): void {
  store.transaction((tx) => {
    const principal = tx.tokens.verifyLogin(cookie, now);
    tx.tokens.deleteLogin(cookie);
    if (principal) tx.audit.append({ actor: principal.tokenId, action: 'auth.logout' }, now);
  });
}
