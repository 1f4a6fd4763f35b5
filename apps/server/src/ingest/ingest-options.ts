/** How the ingest door protects itself; every field has a production default (see `resolveIngestOptions`). */
export interface IngestOptions {
  /** Requests per window per (project key, client address); `false` turns rate limiting off. */
  rateLimit?: { max?: number; timeWindowMs?: number; exemptLoopback?: boolean } | false;
  /** Load shedding with 503 + Retry-After (@fastify/under-pressure); `false` turns it off. */
  pressure?: { maxEventLoopDelayMs?: number; maxHeapUsedBytes?: number; sampleIntervalMs?: number; retryAfterS?: number } | false;
  /** Decompressed bytes all ingest requests in flight may hold together. */
  memoryBudgetBytes?: number;
}

export interface ResolvedIngestOptions {
  rateLimit: { max: number; timeWindowMs: number; exemptLoopback: boolean } | false;
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; sampleIntervalMs: number; retryAfterS: number } | false;
  memoryBudgetBytes: number;
}

/**
 * A recorder sends a batch every 5 s (12 a minute); 1,200 a minute lets a hundred tabs share one
 * address (an office behind NAT) while one misbehaving client is still cut off quickly.
 */
const RATE_LIMIT = { max: 1_200, timeWindowMs: 60_000, exemptLoopback: true };
/** Two bodies at the 100 MiB decompressed cap, or thousands of ordinary ~50 KB batches. */
const MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

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
  };
}
