import type { AppendResult, BatchToStore, Store } from '../store/types.js';

/** Most batches committed together: bounds one transaction's length (and the lock it holds). */
const MAX_GROUP = 64;

/**
 * Group commit: batches that arrive while the event loop is busy are committed together in one
 * transaction, at the end of the current turn. With `synchronous = FULL` every commit waits for
 * an fsync; sharing one among concurrent requests keeps that guarantee (each request is answered
 * only after the commit that holds its batch) at a fraction of the cost.
 */
export function createGroupCommitter(store: Store): { append(batch: BatchToStore): Promise<AppendResult> } {
  let waiting: Array<{ batch: BatchToStore; resolve(r: AppendResult): void; reject(e: unknown): void }> = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    let results: AppendResult[];
    try {
      results = store.sessions.appendBatches(group.map((w) => w.batch), Date.now());
    } catch (err) {
      // The whole transaction rolled back: nothing of the group is stored, every request fails.
      for (const w of group) w.reject(err);
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
  };

  return {
    append(batch) {
      return new Promise((resolve, reject) => {
        waiting.push({ batch, resolve, reject });
        if (waiting.length >= MAX_GROUP) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
