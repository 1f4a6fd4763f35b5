const BASE_MS = 1_000;
const CAP_MS = 60_000;

/**
 * Delay before retry number `attempt` (0-based): exponential from 1 s to 60 s with full jitter,
 * so that many pages retrying after an outage do not arrive together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.max(BASE_MS / 2, Math.round(ceiling * random()));
}

/** `Retry-After` in ms (seconds or an HTTP date), bounded to 60 s; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(CAP_MS, Math.max(0, ms)) : null;
}
