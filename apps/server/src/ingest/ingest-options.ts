/** How the ingest door protects itself; every field has a production default (see `resolveIngestOptions`). */
export interface IngestOptions {
  /** Batches per window per (project, client address), whatever the door or key; `false` turns rate limiting off. */
  rateLimit?: { max?: number; timeWindowMs?: number; exemptLoopback?: boolean } | false;
  /** Load shedding with 503 + Retry-After (@fastify/under-pressure); `false` turns it off. */
  pressure?: { maxEventLoopDelayMs?: number; maxHeapUsedBytes?: number; sampleIntervalMs?: number; retryAfterS?: number } | false;
  /** Decompressed bytes all ingest requests in flight may hold together. */
  memoryBudgetBytes?: number;
  /** Ingest requests being served at once; past it, 503 + Retry-After at once (admission control). */
  maxInFlight?: number;
  /** Ingest requests from one client address (IPv6: one /64) at once; past it, 429 `too_many_uploads`. */
  maxUploadsPerAddress?: number;
  /** Time a body may take to arrive before it is cut with 408 `body_timeout`, extended by the bytes received. */
  bodyTimeout?: { baseMs?: number; minBytesPerSecond?: number };
  /** Shorthand for `bodyTimeout.baseMs` (the VEIL_INGEST_BODY_TIMEOUT_MS setting). */
  bodyTimeoutMs?: number;
}

export interface ResolvedIngestOptions {
  rateLimit: { max: number; timeWindowMs: number; exemptLoopback: boolean } | false;
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; sampleIntervalMs: number; retryAfterS: number } | false;
  memoryBudgetBytes: number;
  maxInFlight: number;
  maxUploadsPerAddress: number;
  bodyTimeout: { baseMs: number; minBytesPerSecond: number };
}

/**
 * A recorder sends a batch every 5 s (12 a minute); 1,200 a minute lets a hundred tabs share one
 * address (an office behind NAT) while one misbehaving client is still cut off quickly.
 */
const RATE_LIMIT = { max: 1_200, timeWindowMs: 60_000, exemptLoopback: true };
/**
 * The import door (admin-only: POST /api/v1/import) per target project and client address. One
 * import is a whole session file of up to 100 MiB, checked and scrubbed like ingest, so a leaked
 * admin token or a runaway script is held to about one a second. Loopback is not exempt: the
 * admin's own scripts run there, and one a second is plenty for a restore.
 */
export const IMPORT_RATE_LIMIT = { max: 60, timeWindowMs: 60_000, exemptLoopback: false } as const;
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
/**
 * A recorder sends one batch at a time per tab, in well under a second, so even an office behind
 * one address rarely has more than a few uploads open at once. A quarter of MAX_IN_FLIGHT: one
 * address (slow senders, a flood) can hold at most that share of the slots, the rest keep serving
 * everyone else. Answered 429, not 503: it is this client that must slow down, not the server.
 */
const MAX_UPLOADS_PER_ADDRESS = 16;
/**
 * As Apache's mod_reqtimeout does it (`body=20,MinRate=500`): 20 s for a body, plus one second
 * for every 500 bytes received. A batch (tens of KB) arrives in well under a second on any link,
 * and a large one keeps its time as long as it keeps coming at 4 kbit/s; a sender trickling a
 * byte every few seconds to hold a slot is cut after 20 s (408, which the recorder retries).
 */
const BODY_TIMEOUT = { baseMs: 20_000, minBytesPerSecond: 500 };

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
    maxUploadsPerAddress: options.maxUploadsPerAddress ?? MAX_UPLOADS_PER_ADDRESS,
    bodyTimeout: { ...BODY_TIMEOUT, ...(options.bodyTimeoutMs === undefined ? {} : { baseMs: options.bodyTimeoutMs }), ...options.bodyTimeout },
  };
}
