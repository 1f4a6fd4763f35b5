import { StoreBusyError, type AppendResult, type BatchToStore, type Store } from '../store/types.js';

/** Most batches committed together: bounds one transaction's length (and the lock it holds). */
const MAX_GROUP = 64;
/** While another process holds the write lock: how often to try again, and for how long. */
const BUSY_RETRY_MS = 2;
const BUSY_GIVE_UP_MS = 5_000;

interface Waiting {
  batch: BatchToStore;
  since: number;
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

/**
 * Group commit: batches that arrive while the event loop is busy are committed together in one
 * transaction, at the end of the current turn. Every commit waits for an fsync (SQLite's
 * `synchronous = FULL`, PostgreSQL's default); sharing one among concurrent requests keeps that
 * guarantee (each request is answered only after the commit that holds its batch) at a fraction
 * of the cost.
 *
 * When another process (the CLI's retention run, a backup) holds the write lock, the group is
 * retried on a short timer instead of blocking the event loop in SQLite's busy handler, so
 * every other request keeps being served meanwhile; after 5 s the group fails (500, retried by
 * the recorder). Groups may overlap when the store answers asynchronously (a pool): each is
 * its own transaction, and the store keeps (session, seq) unique between them.
 */
export function createGroupCommitter(store: Store): { append(batch: BatchToStore): Promise<AppendResult> } {
  let waiting: Waiting[] = [];
  let scheduled = false;

  const schedule = (delayMs: number) => {
    if (scheduled) return;
    scheduled = true;
    if (delayMs === 0) setImmediate(() => void flush());
    else setTimeout(() => void flush(), delayMs);
  };

  // Never rejects: every outcome goes to the waiting requests.
  async function flush(): Promise<void> {
    scheduled = false;
    const group = waiting.splice(0, MAX_GROUP);
    if (group.length === 0) return;
    let results: AppendResult[];
    try {
      results = await store.sessions.appendBatches(group.map((w) => w.batch), Date.now(), { wait: false });
    } catch (err) {
      const now = Date.now();
      if (err instanceof StoreBusyError && group.every((w) => now - w.since < BUSY_GIVE_UP_MS)) {
        waiting.unshift(...group);
        schedule(BUSY_RETRY_MS);
        return;
      }
      // The whole transaction rolled back. One bad batch must not fail the others with it:
      // commit each on its own, so only what really fails is refused (and retried by its client).
      for (const w of group) {
        try {
          w.resolve(await store.sessions.appendBatch(w.batch, Date.now()));
        } catch (one) {
          w.reject(one);
        }
      }
      if (waiting.length > 0) schedule(0);
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
    if (waiting.length > 0) schedule(0);
  }

  return {
    append(batch) {
      return new Promise((resolve, reject) => {
        waiting.push({ batch, since: Date.now(), resolve, reject });
        if (waiting.length >= MAX_GROUP && !scheduled) void flush();
        else schedule(0);
      });
    },
  };
}
