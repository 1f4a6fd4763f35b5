import type { FastifyBaseLogger } from 'fastify';
import type { Store } from './store/types.js';

/** Sessions deleted per transaction: small enough that an ingest waiting for the lock barely notices. */
export const SWEEP_BATCH = 50;

/** Deletes every expired session, a small transaction at a time; answers the count. */
export function runRetentionSweep(store: Store, now: number): number {
  let total = 0;
  for (;;) {
    const n = store.sessions.sweepExpired(now, SWEEP_BATCH);
    total += n;
    if (n < SWEEP_BATCH) return total;
  }
}

/** Runs the sweep now and every `minutes`; answers its teardown. */
export function startRetentionTimer(store: Store, minutes: number, log: FastifyBaseLogger): () => void {
  const sweep = () => {
    try {
      const started = Date.now();
      const deleted = runRetentionSweep(store, started);
      store.audit.append({ actor: 'system', action: 'retention.sweep', details: { deleted } }, Date.now());
      log.info({ deleted, ms: Date.now() - started }, 'retention sweep');
    } catch (err) {
      log.error({ err }, 'retention sweep failed');
    }
  };
  sweep();
  if (minutes <= 0) return () => {};
  const timer = setInterval(sweep, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
