import { apiError } from '../errors.js';
import { addressKey } from './address-key.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Buckets kept at once; past it, new clients of a project share one bucket (memory stays bounded). */
const MAX_BUCKETS = 100_000;

export interface ProjectRateLimitOptions {
  max: number;
  timeWindowMs: number;
  exemptLoopback: boolean;
}

/** Counts requests per (project, client address); `take` throws 429 `rate_limited` past the limit. */
export interface ProjectRateLimiter {
  take(projectId: string, ip: string, now?: number): void;
}

/**
 * A fixed-window limit per project and client address (IPv6: per /64), checked once the door
 * knows the project (from the X-Veil-Key header, a beacon's key field, an import's target), so
 * every door and every key of a project (the old and the new one during a rotation) count
 * against the same bucket. Not per project alone: the ingest key is public, so a project-wide
 * limit would let anyone spend it and lock the site's real visitors out.
 *
 * Loopback is exempt when asked: behind a reverse proxy on the same host (without
 * VEIL_TRUST_PROXY) every client would share its address.
 */
export function createProjectRateLimiter(options: ProjectRateLimitOptions): ProjectRateLimiter {
  const buckets = new Map<string, { count: number; resetAt: number }>();

  const bucketFor = (key: string, overflowKey: string, now: number) => {
    let bucket = buckets.get(key);
    if (bucket && bucket.resetAt <= now) bucket = undefined;
    if (bucket) return bucket;
    if (buckets.size >= MAX_BUCKETS) {
      for (const [k, b] of buckets) if (b.resetAt <= now) buckets.delete(k);
      if (buckets.size >= MAX_BUCKETS) key = overflowKey;
      bucket = buckets.get(key);
      if (bucket && bucket.resetAt > now) return bucket;
    }
    bucket = { count: 0, resetAt: now + options.timeWindowMs };
    buckets.set(key, bucket);
    return bucket;
  };

  return {
    take(projectId, ip, now = Date.now()) {
      if (options.exemptLoopback && LOOPBACK.has(ip)) return;
      const bucket = bucketFor(`${projectId}|${addressKey(ip)}`, `${projectId}|overflow`, now);
      bucket.count++;
      if (bucket.count <= options.max) return;
      const retryAfterS = Math.max(1, Math.ceil((bucket.resetAt - now) / 1000));
      throw apiError('rate_limited', `Too many requests; retry in ${retryAfterS} seconds.`, { 'retry-after': String(retryAfterS) });
    },
  };
}
