import type { Store } from '../store/types.js';

/**
 * Sessions deleted per transaction. secure_delete zeroes every freed page, so a batch costs
 * roughly its stored bytes in writes; 25 sessions keep one transaction to a few milliseconds
 * (see the retention test that measures ingest latency during a sweep).
 */
export const DELETE_BATCH = 25;
/** Free pages given back per step (1 MiB with 4 KiB pages). */
export const RECLAIM_PAGES = 256;

/** Lets requests queued behind one batch run before the next (SQLite runs each on the event loop). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Repeats one bulk deletion (`step` deletes up to `limit` in one transaction and answers how many)
 * until it runs dry, yielding to the event loop between transactions; answers the total.
 */
export async function deleteInBatches(step: (limit: number) => Promise<number>, limit = DELETE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step(limit);
    total += n;
    if (n < limit) return total;
    await yieldToEventLoop();
  }
}

/** Gives the space deletions freed back to the file system, a step at a time (see Store.reclaimSpace). */
export async function reclaimFreedSpace(store: Store): Promise<void> {
  let left = await store.reclaimSpace(RECLAIM_PAGES);
  while (left > 0) {
    await yieldToEventLoop();
    const now = await store.reclaimSpace(RECLAIM_PAGES);
    if (now >= left) return; // no progress: leave the rest to the next sweep rather than spin
    left = now;
  }
}
