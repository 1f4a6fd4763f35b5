import { isIPv6 } from 'node:net';
import type { Store } from '../store/types.js';

/** Failed logins one address may make in a window before its wrong tokens get 429. */
export const LOGIN_MAX_FAILURES = 10;
/** The window, in milliseconds. */
export const LOGIN_WINDOW_MS = 60_000;

/**
 * Counts failed logins per client address (fixed windows), in the store, so every server behind
 * a load balancer shares the count. Only failures count: a right token is never refused for its
 * address (see routes/auth.ts), so whoever shares the admin's address or can make the admin's
 * browser send requests cannot lock the admin out.
 */
export interface LoginThrottle {
  /** Milliseconds until `address` may fail again without 429, or 0 when it is not limited. */
  retryAfterMs(address: string, now: number): Promise<number>;
  /** Counts one failed attempt from `address`. */
  recordFailure(address: string, now: number): Promise<void>;
}

export function createLoginThrottle(
  store: Pick<Store, 'tokens'>,
  { maxFailures = LOGIN_MAX_FAILURES, windowMs = LOGIN_WINDOW_MS } = {},
): LoginThrottle {
  return {
    async retryAfterMs(address, now) {
      const window = await store.tokens.loginFailures(addressBucket(address), now, windowMs);
      return window && window.count >= maxFailures ? window.windowStart + windowMs - now : 0;
    },
    async recordFailure(address, now) {
      await store.tokens.recordLoginFailure(addressBucket(address), now, windowMs);
    },
  };
}

/**
 * The unit an address is limited by: an IPv4 address, or the /64 network of an IPv6 address (one
 * host usually holds a whole /64, so counting single IPv6 addresses would limit nothing).
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
