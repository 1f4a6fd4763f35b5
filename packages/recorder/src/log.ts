let enabled = false;

/** Turns debug logging on or off (the `debug` init option). */
export function setDebug(on: boolean): void {
  enabled = on;
}

/** Logs with a `[veil]` prefix, only in debug mode: the host page's console stays clean. */
export function debug(...args: unknown[]): void {
  if (enabled) console.warn('[veil]', ...args);
}

/**
 * Runs `fn` and swallows anything it throws: the recorder must never break the host page.
 * @example const stop = guard(() => recorder.stop());
 */
export function guard<A extends unknown[], R>(fn: (...args: A) => R, fallback?: R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      debug('internal error', err);
      return fallback;
    }
  };
}
