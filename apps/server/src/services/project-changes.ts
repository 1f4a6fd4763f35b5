import type { Store } from '../store/types.js';

type Listener = () => void;
const listeners = new WeakMap<Store, Set<Listener>>();

/**
 * Tells this process's listeners (the ingest project cache) that a project changed through
 * `store`, once the change has committed. Other processes and servers learn it when their
 * cache entries expire.
 */
export function notifyProjectsChanged(store: Store): void {
  for (const listener of listeners.get(store) ?? []) listener();
}

/** Calls `listener` after each project change made through `store` here; answers the unsubscribe. */
export function onProjectsChanged(store: Store, listener: Listener): () => void {
  let set = listeners.get(store);
  if (!set) listeners.set(store, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}
