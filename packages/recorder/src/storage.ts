/**
 * Web Storage that never throws: storage can be disabled, full, or blocked by the browser's
 * privacy settings, and the recorder must carry on without it.
 */
export function storageGet(kind: 'local' | 'session', key: string): string | null {
  try {
    return (kind === 'local' ? localStorage : sessionStorage).getItem(key);
  } catch {
    return null;
  }
}

export function storageSet(kind: 'local' | 'session', key: string, value: string): boolean {
  try {
    (kind === 'local' ? localStorage : sessionStorage).setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function storageRemove(kind: 'local' | 'session', key: string): void {
  try {
    (kind === 'local' ? localStorage : sessionStorage).removeItem(key);
  } catch {
    // nothing to do: the key cannot be there either
  }
}

/** Storage keys, in one place. */
export const KEYS = {
  session: 'veil:session',
  queue: 'veil:queue',
  config: 'veil:config',
  optOut: 'veil:opt-out',
} as const;
