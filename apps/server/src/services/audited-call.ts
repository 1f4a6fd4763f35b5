import type { Store } from '../store/types.js';

/**
 * Who makes a change, through which store, and when: what every service records in the audit
 * log. `actor` is a token id for the HTTP API, `cli` for the command line.
 */
export interface AuditedCall {
  store: Store;
  actor: string;
  now: number;
}

/** The call an authenticated API request makes: its token is the actor (authorization ran before). */
export function requestCall(store: Store, request: { principal: { tokenId: string } | null }, now = Date.now()): AuditedCall {
  return { store, actor: request.principal!.tokenId, now };
}
