/**
 * Which URLs a replay may load: data: and blob: URLs (nothing leaves the browser), references
 * inside the replayed document (`#gradient`), and absolute URLs on the hosts an admin allowed for
 * the project (`replayAssetOrigins`). Everything else, relative URLs included (they would resolve
 * against Veil itself), is not loaded.
 *
 * @example
 * const policy = assetPolicy(['https://cdn.shop.example']);
 * policy.allows('https://cdn.shop.example/a.png'); // true
 * policy.allows('https://tracker.example/p.gif'); // false
 */
export interface AssetPolicy {
  readonly origins: readonly string[];
  allows(url: string): boolean;
}

const LOCAL_URL = /^\s*(?:data|blob):/i;

export function assetPolicy(origins: readonly string[]): AssetPolicy {
  const allowed = new Set(origins);
  return {
    origins,
    allows(url) {
      if (LOCAL_URL.test(url) || url.trim().startsWith('#')) return true;
      if (allowed.size === 0) return false;
      try {
        return allowed.has(new URL(url.trim()).origin);
      } catch {
        return false;
      }
    },
  };
}
