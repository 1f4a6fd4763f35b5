/** Query keys kept by default: campaign parameters carry no personal data of their own. */
export const DEFAULT_URL_ALLOWLIST: readonly string[] = ['utm_*'];

/** True when `key` (case-insensitive) equals an entry or starts with an entry ending in '*'. */
export function isAllowedKey(key: string, allowlist: readonly string[]): boolean {
  const k = key.toLowerCase();
  for (const entry of allowlist) {
    const e = entry.toLowerCase();
    if (e.endsWith('*') ? k.startsWith(e.slice(0, -1)) : k === e) return true;
  }
  return false;
}
