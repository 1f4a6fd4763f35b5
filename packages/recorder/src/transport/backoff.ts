const BASE_MS = 1_000;
/** Longest wait between two tries, and the most a `Retry-After` is honoured for. */
export const MAX_BACKOFF_MS = 60_000;

/**
 * Delay before retry number `attempt` (0-based): exponential from 1 s to 60 s, with the upper
 * half jittered so that many pages retrying after an outage do not arrive together.
 * @example backoffDelay(0) // 1000; backoffDelay(3) // 4000–8000; backoffDelay(20) // 30000–60000
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** Math.min(Math.max(0, attempt), 16));
  return Math.max(BASE_MS, Math.round(ceiling / 2 + (ceiling / 2) * random()));
}

/**
 * `Retry-After` in ms (delta-seconds or an HTTP date), bounded to 0–60 s; null when absent or
 * unreadable (then the caller backs off as usual).
 * @example retryAfterMs('2', now) // 2000
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header || !header.trim()) return null;
  const value = header.trim();
  // HTTP dates start with the day's name; anything else that is not seconds is unreadable.
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : /^[A-Za-z]/.test(value) ? Date.parse(value) - now : NaN;
  return Number.isFinite(ms) ? Math.min(MAX_BACKOFF_MS, Math.max(0, ms)) : null;
}
