import type { TokenRole } from '@veil/protocol';
import type { AuditedCall } from './audited-call.js';

/** Creates an access token (answered once, stored hashed), audited as `token.create` with its role. */
export function createToken(
  { store, actor, now }: AuditedCall,
  input: { role: TokenRole; label: string | null; expiresAt: number | null },
): Promise<{ id: string; role: TokenRole; token: string }> {
  return store.transaction(async (tx) => {
    const created = await tx.tokens.create(input, now);
    await tx.audit.append({ actor, action: 'token.create', target: created.id, details: { role: created.role } }, now);
    return created;
  });
}

/** Revokes a token and ends its logins, audited as `token.revoke`; false when there is no such live token. */
export function revokeToken({ store, actor, now }: AuditedCall, id: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const revoked = await tx.tokens.revoke(id, now);
    if (revoked) await tx.audit.append({ actor, action: 'token.revoke', target: id }, now);
    return revoked;
  });
}
