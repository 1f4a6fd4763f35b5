import type { FastifyBaseLogger } from 'fastify';
import { deleteInBatches, reclaimFreedSpace } from './deletion/delete-in-batches.js';
import type { Store } from './store/types.js';

const DAY_MS = 86_400_000;
/** The audit log is kept for a year, separately from (and longer than) the recordings. */
export const AUDIT_RETENTION_MS = 365 * DAY_MS;
/**
 * How long a deleted session's id is remembered so that its late batches are refused: longer
 * than any recorder keeps a batch (a tab's session lasts at most 12 h by default, 7 days at most).
 */
export const ERASED_MARKER_MS = 30 * DAY_MS;

export interface SweepResult {
  /** Recordings deleted because their retention had passed. */
  deleted: number;
  /** Audit entries older than a year removed from the chain's old end. */
  auditPruned: number;
  /** Expired viewer logins forgotten. */
  loginsPruned: number;
  /** Markers of early-deleted sessions old enough that no recorder still retries them. */
  erasedPruned: number;
}

/**
 * Deletes every expired recording a small transaction at a time (yielding between them, so ingest
 * keeps flowing), prunes the audit log to a year, expired logins and old erased-session markers,
 * then gives the freed space back. `now` is passed in so tests can move the clock.
 *
 * Audited like the other bulk deletions (services/deletion-service.ts): the last transaction
 * carries the prunes and the `retention.sweep` entry with every count, so no committed deletion
 * or prune is ever missing from the log; a sweep that needs more than one transaction writes
 * `retention.sweep_started` in its first. A sweep that changed nothing writes no entry unless
 * `auditAlways` (a sweep an admin ran by hand is worth recording either way).
 */
export async function runRetentionSweep(
  store: Store,
  now: number,
  { actor = 'system', auditAlways = false }: { actor?: string; auditAlways?: boolean } = {},
): Promise<SweepResult> {
  let deleted = 0;
  let result: SweepResult = { deleted: 0, auditPruned: 0, loginsPruned: 0, erasedPruned: 0 };
  await deleteInBatches((limit) =>
    store.transaction(async (tx) => {
      const n = await tx.sessions.sweepExpired(now, limit);
      deleted += n;
      if (n >= limit) {
        if (deleted === n) await tx.audit.append({ actor, action: 'retention.sweep_started', details: { deleted: n } }, now);
        return n;
      }
      result = {
        deleted,
        auditPruned: await tx.audit.prune(now - AUDIT_RETENTION_MS),
        loginsPruned: await tx.tokens.pruneLogins(now),
        erasedPruned: await tx.sessions.pruneErased(now - ERASED_MARKER_MS),
      };
      if (auditAlways || result.deleted > 0 || result.auditPruned > 0) {
        await tx.audit.append({ actor, action: 'retention.sweep', details: { ...result } }, now);
      }
      return n;
    }),
  );
  await reclaimFreedSpace(store);
  return result;
}

/** Runs the sweep now and every `minutes` (never two at once); answers its teardown. */
export function startRetentionTimer(
  store: Store,
  minutes: number,
  log: FastifyBaseLogger,
  onSweep: (result: SweepResult, ms: number) => void = () => {},
): () => void {
  let running = false;
  let stopped = false;
  const sweep = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const started = Date.now();
      const result = await runRetentionSweep(store, started);
      const ms = Date.now() - started;
      onSweep(result, ms);
      log.info({ ...result, ms }, 'retention sweep');
    } catch (err) {
      if (!stopped) log.error({ err }, 'retention sweep failed');
    } finally {
      running = false;
    }
  };
  void sweep();
  if (minutes <= 0) return () => void (stopped = true);
  const timer = setInterval(() => void sweep(), minutes * 60_000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
