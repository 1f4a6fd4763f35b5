import type { Project } from '@veil/protocol';
import type { Store } from '../store/types.js';

/**
 * How long a project read for ingest or remote config is reused: the config-cache period. A
 * project changed on another server (the kill switch, a key rotated out) takes effect here
 * within it; a change made through this process takes effect at once (invalidate).
 */
export const PROJECT_CACHE_TTL_MS = 5_000;
/** Keys remembered at most; past it the oldest entry goes (a key is one Map entry and a Project). */
const MAX_ENTRIES = 10_000;

interface Entry {
  at: number;
  project: Promise<Project | null>;
}

export interface ProjectCache {
  /** The project of an ingest key as the store answered at most the TTL ago. */
  byKey(key: string): Promise<Project | null>;
  /** Forgets everything: the next lookups read the store. */
  invalidate(): void;
}

/**
 * Projects by ingest key, so a busy ingest reads each project once per TTL instead of once per
 * batch (from a remote database, that is a round trip per batch). Concurrent lookups of one key
 * share one read. Unknown keys are not remembered: a new project's key works at once, and
 * guessed keys cannot fill the cache.
 */
export function createProjectCache(store: Store, ttlMs = PROJECT_CACHE_TTL_MS, clock: () => number = Date.now): ProjectCache {
  const entries = new Map<string, Entry>();

  return {
    byKey(key) {
      const now = clock();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.project;
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      const entry: Entry = { at: now, project: store.projects.getByKey(key, now) };
      entries.set(key, entry);
      // An unknown key (or a failed read) is forgotten once answered.
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      entry.project.then((p) => p ?? forget(), forget);
      return entry.project;
    },
    invalidate() {
      entries.clear();
    },
  };
}
