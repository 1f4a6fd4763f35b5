import type { Project } from '@veil/protocol';
import { apiError } from '../errors.js';
import type { Store } from '../store/types.js';

/** Resolves an ingest key to its project, refusing unknown keys, disabled projects and foreign origins. */
export function projectForIngest(store: Store, key: unknown, origin: string | undefined): Project {
  const project = typeof key === 'string' && key.length <= 128 ? store.projects.getByKey(key) : null;
  if (!project) throw apiError('invalid_key');
  if (!project.enabled) throw apiError('recording_disabled');
  if (project.allowedOrigins.length > 0 && (!origin || !project.allowedOrigins.includes(origin))) {
    throw apiError('origin_not_allowed');
  }
  return project;
}
