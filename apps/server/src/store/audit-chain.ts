import { createHash, createHmac } from 'node:crypto';
import type { AuditVerification } from './types.js';

/**
 * The audit log's hash chain, once for every store: each entry's hash covers the one before it,
 * so an edit or a removal anywhere but the pruned old end breaks the chain.
 */

/** The chain's first `prevHash`, before any entry was ever written. */
export const GENESIS = '0'.repeat(64);

/** The fields of an entry the hash covers; `details` as the JSON text stored. */
export interface ChainedFields {
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string;
}

/** Hash of one entry chained to the one before it. */
export function auditHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, e.at, e.actor, e.action, e.target, e.details]))
    .digest('hex');
}

/** One stored entry as the chain walk reads it. */
export interface ChainRow extends ChainedFields {
  id: number;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the chain: `anchor` is the last pruned entry (null when nothing was pruned), `rows` the
 * entries after it in id order, `highestId` the highest id ever handed out (so removing the
 * newest entries shows too; a function is asked only after the walk, when the rows stream from
 * the connection it needs). `brokenAt` is the id of the first entry edited or missing.
 */
export function verifyAuditChain(
  anchor: { afterId: number; hash: string } | null,
  rows: Iterable<ChainRow>,
  highestId: number | (() => number),
): AuditVerification {
  let expectedId = (anchor?.afterId ?? 0) + 1;
  let prevHash = anchor?.hash ?? GENESIS;
  let entries = 0;
  for (const row of rows) {
    if (row.id !== expectedId || row.prev_hash !== prevHash || row.hash !== auditHash(prevHash, row)) {
      return { ok: false, brokenAt: row.id !== expectedId ? expectedId : row.id };
    }
    prevHash = row.hash;
    expectedId++;
    entries++;
  }
  const highest = typeof highestId === 'function' ? highestId() : highestId;
  if (highest >= expectedId) return { ok: false, brokenAt: expectedId };
  return { ok: true, entries, headHash: prevHash };
}

/**
 * How an end-user id appears in the audit log: a keyed hash with the store's secret pseudonym
 * key, so an erasure leaves no user id behind while one id always maps to one reference.
 */
export function auditUserRef(pseudonymKey: string, userId: string): string {
  return `user:${createHmac('sha256', pseudonymKey).update(userId).digest('hex').slice(0, 32)}`;
}
