import { deleteInBatches, reclaimFreedSpace } from '../deletion/delete-in-batches.js';
import type { StoreTx } from '../store/types.js';
import type { AuditedCall } from './audited-call.js';

/**
 * Deletes one session (marked erased, so late batches cannot bring it back), audited as
 * `session.delete` in the same transaction; false when there is no such session. Answers after
 * the freed space is given back, so what was deleted is gone from the disk too.
 */
export async function deleteSession(call: AuditedCall, id: string): Promise<boolean> {
  const { store, actor, now } = call;
  const deleted = await store.transaction(async (tx) => {
    if (!(await tx.sessions.delete(id))) return false;
    await tx.audit.append({ actor, action: 'session.delete', target: id, details: { deleted: 1 } }, now);
    return true;
  });
  if (deleted) await reclaimFreedSpace(store);
  return deleted;
}

/**
 * An erasure request: deletes every session of one end user, in every project, audited as
 * `user.delete` under the user's pseudonym (the log keeps no end-user id). Answers how many.
 */
export function eraseUser(call: AuditedCall, userId: string): Promise<number> {
  return deleteAudited(call, 'user.delete', call.store.audit.userRef(userId), (tx, limit) => tx.sessions.deleteByUser(userId, limit));
}

/** Deletes every session of a project (the project stays), audited as `project.sessions_delete`. */
export function deleteProjectSessions(call: AuditedCall, projectId: string): Promise<number> {
  return deleteAudited(call, 'project.sessions_delete', projectId, (tx, limit) => tx.sessions.deleteByProject(projectId, limit));
}

/**
 * A bulk deletion runs in short transactions of DELETE_BATCH sessions, so ingest keeps flowing
 * in between; holding one transaction across all of them would lock writers out for as long as
 * a large erasure takes. Each transaction carries the audit entry its deletions need, so no
 * committed deletion is ever missing from the log, whenever the process dies:
 * - the transaction that finds fewer than a batch left is the last: it writes the entry
 *   (`action`, `{ deleted: total }`). A deletion that fits in one batch (most) has just this one;
 * - when the first transaction is not also the last, it writes `<action>_started` (with the
 *   count so far) before more follow. A `_started` entry without its final one says the
 *   deletion was cut short (a crash): what it deleted is gone, and running it again finishes it.
 * If an audit append fails, its transaction's deletions roll back with it.
 */
async function deleteAudited(
  { store, actor, now }: AuditedCall,
  action: string,
  target: string,
  step: (tx: StoreTx, limit: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  await deleteInBatches((limit) =>
    store.transaction(async (tx) => {
      const n = await step(tx, limit);
      if (n < limit) await tx.audit.append({ actor, action, target, details: { deleted: total + n } }, now);
      else if (total === 0) await tx.audit.append({ actor, action: `${action}_started`, target, details: { deleted: n } }, now);
      total += n;
      return n;
    }),
  );
  await reclaimFreedSpace(store);
  return total;
}
