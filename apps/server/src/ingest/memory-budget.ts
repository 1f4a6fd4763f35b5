import { apiError } from '../errors.js';

/** What one request holds of a shared byte budget; `release()` gives it all back. */
export interface MemoryLease {
  /** Charges `bytes`; throws `unavailable` (503) when the budget cannot take them. */
  add(bytes: number): void;
  release(): void;
}

/** Seconds a client is told to wait when the budget is spent: bodies in flight finish in about that. */
const RETRY_AFTER_S = 5;

/**
 * A byte budget shared by every ingest request in flight. Each body may decompress to 100 MiB,
 * so the per-request cap alone would let a few dozen concurrent large bodies exhaust the heap;
 * the budget bounds their sum and sheds the excess with 503 + Retry-After instead.
 */
export function createMemoryBudget(maxBytes: number): { lease(): MemoryLease; readonly used: number } {
  let used = 0;
  return {
    get used() {
      return used;
    },
    lease() {
      let held = 0;
      return {
        add(bytes) {
          if (used + bytes > maxBytes) {
            throw apiError('unavailable', undefined, { 'retry-after': String(RETRY_AFTER_S) });
          }
          used += bytes;
          held += bytes;
        },
        release() {
          used -= held;
          held = 0;
        },
      };
    },
  };
}
