/** How the ingest door protects itself; every field has a production default (see `resolveIngestOptions`). */
export interface IngestOptions {
  /** Requests per window per (project key, client address); `false` turns rate limiting off. */
  rateLimit?: { max?: number; timeWindowMs?: number; exemptLoopback?: boolean } | false;
  /** Load shedding with 503 + Retry-After (@fastify/under-pressure); `false` turns it off. */
  pressure?: { maxEventLoopDelayMs?: number; maxHeapUsedBytes?: number; sampleIntervalMs?: number; retryAfterS?: number } | false;
  /** Decompressed bytes all ingest requests in flight may hold together. */
  memoryBudgetBytes?: number;
  /** Ingest requests being served at once; past it, 503 + Retry-After at once (admission control). */
  maxInFlight?: number;
}

export interface ResolvedIngestOptions {
  rateLimit: { max: number; timeWindowMs: number; exemptLoopback: boolean } | false;
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; sampleIntervalMs: number; retryAfterS: number } | false;
  memoryBudgetBytes: number;
  maxInFlight: number;
}

/**
 * A recorder sends a batch every 5 s (12 a minute); 1,200 a minute lets a hundred tabs share one
 * address (an office behind NAT) while one misbehaving client is still cut off quickly.
 */
const RATE_LIMIT = { max: 1_200, timeWindowMs: 60_000, exemptLoopback: true };
/**
 * Eight bodies at the 16 MiB decompressed cap, or thousands of ordinary ~50 KB batches. Bodies
 * are parsed one at a time (synchronously), so at most one parsed tree adds to this, and the JSON
 * limits bound that tree.
 */
const MEMORY_BUDGET_BYTES = 128 * 1024 * 1024;
/**
 * One process serves roughly 500–600 realistic batches a second on this project's 2-core
 * reference machine (README, Performance). Past that, requests queue and every answer gets later;
 * answering the excess 503 at once keeps the accepted ones fast and tells recorders to come back
 * (they keep their batches and retry). 64 in flight is ~0.1 s of work queued.
 */
const MAX_IN_FLIGHT = 64;

/** Fills in the defaults; `heapLimitBytes` is V8's heap size limit of this process. */
export function resolveIngestOptions(options: IngestOptions, heapLimitBytes: number): ResolvedIngestOptions {
  return {
    rateLimit: options.rateLimit === false ? false : { ...RATE_LIMIT, ...options.rateLimit },
    pressure:
      options.pressure === false
        ? false
        : {
            // A mean event-loop delay of a second means every request already waits that long.
            maxEventLoopDelayMs: 1_000,
            // Shed load before V8 starts failing allocations, not after.
            maxHeapUsedBytes: Math.floor(heapLimitBytes * 0.85),
            sampleIntervalMs: 1_000,
            retryAfterS: 10,
            ...options.pressure,
          },
    memoryBudgetBytes: options.memoryBudgetBytes ?? MEMORY_BUDGET_BYTES,
    maxInFlight: options.maxInFlight ?? MAX_IN_FLIGHT,
  };
}
