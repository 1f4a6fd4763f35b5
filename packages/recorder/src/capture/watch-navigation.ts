/** rrweb EventType.Meta: what rrweb emits for a page load, and what the viewer counts as a page. */
const META = 4;

type HistoryMethod = 'pushState' | 'replaceState';

/**
 * Emits a Meta event (like rrweb's own at page load) whenever a single-page app changes the URL
 * without a load: `history.pushState`/`replaceState`, back/forward and hash changes. rrweb 2.1
 * records none of these, so without it a replay shows one page for a whole SPA visit and the
 * session's pages and URLs miss every route. The URL goes through the same scrubber as
 * everything else. Answers the teardown, which puts the page's history methods back.
 */
export function watchNavigation(emit: (event: { type: number; timestamp: number; data: unknown }) => void): () => void {
  let last = location.href;
  // A wrapper another library wrapped after ours stays in the chain after teardown: it must
  // then only pass calls through, never emit again.
  let active = true;
  const check = () => {
    try {
      if (!active || location.href === last) return;
      last = location.href;
      emit({ type: META, timestamp: Date.now(), data: { href: last, width: innerWidth, height: innerHeight } });
    } catch {
      // never break the page's navigation
    }
  };
  const originals = {} as Record<HistoryMethod, History[HistoryMethod]>;
  const wrappers = {} as Record<HistoryMethod, History[HistoryMethod]>;
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    originals[method] = original;
    wrappers[method] = function (this: History, ...args: Parameters<History[HistoryMethod]>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
    history[method] = wrappers[method];
  }
  addEventListener('popstate', check);
  addEventListener('hashchange', check);
  return () => {
    active = false;
    removeEventListener('popstate', check);
    removeEventListener('hashchange', check);
    // Only undo our own wrapper: a library that wrapped history after us keeps its wrapper.
    for (const method of ['pushState', 'replaceState'] as const) {
      if (history[method] === wrappers[method]) history[method] = originals[method];
    }
  };
}
