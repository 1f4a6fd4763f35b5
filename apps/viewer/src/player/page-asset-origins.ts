/** sessionStorage key: the page URL last reloaded to pick up newly allowed asset hosts. */
const RELOADED_FOR = 'veil:reloaded-for-asset-origins';

/** The asset hosts the viewer page's CSP allows (the server lists them in a meta tag beside it). */
function pageAssetOrigins(): Set<string> {
  const content = document.querySelector('meta[name="veil-replay-asset-origins"]')?.getAttribute('content') ?? '';
  return new Set(content.split(/\s+/).filter(Boolean));
}

/**
 * The project's allowed asset hosts that this page can load from. The viewer page's CSP is fixed
 * when it loads, so a page loaded before an admin allowed a host cannot use it: then the page
 * reloads, once (answering null meanwhile); if the host is still missing after that, the replay
 * goes without it.
 */
export function usableAssetOrigins(wanted: readonly string[]): readonly string[] | null {
  const allowed = pageAssetOrigins();
  const usable = wanted.filter((o) => allowed.has(o));
  if (usable.length === wanted.length) {
    sessionStorage.removeItem(RELOADED_FOR);
    return usable;
  }
  if (sessionStorage.getItem(RELOADED_FOR) === location.href) return usable;
  sessionStorage.setItem(RELOADED_FOR, location.href);
  location.reload();
  return null;
}
