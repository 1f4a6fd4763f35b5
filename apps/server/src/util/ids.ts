import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe id with a readable prefix, e.g. `prj_3kq…`. */
export function newId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** A secret with 256 bits of entropy: tokens, ingest keys, login sessions. */
export function newSecret(prefix: string): string {
  return newId(prefix, 32);
}

/**
 * Hash of a high-entropy secret, for storage at rest. A plain SHA-256 is enough here (and fast on
 * every request) because the secrets are 256-bit random values, not passwords.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
