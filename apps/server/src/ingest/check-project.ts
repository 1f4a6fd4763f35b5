import type { Project } from '@veil/protocol';
import { MAX_PROJECT_KEY_LENGTH } from '@veil/protocol/limits';
import { apiError } from '../errors.js';
import type { ProjectCache } from './project-cache.js';

/**
 * Resolves an ingest key to its project, refusing a missing key (401 `missing_key`), unknown or
 * revoked keys (401 `invalid_key`), disabled projects (403 `recording_disabled`) and origins
 * outside the project's allowlist when it has one (403 `origin_not_allowed`). Reads through the
 * project cache: a change made on another server applies within its TTL.
 */
export async function projectForIngest(projects: ProjectCache, key: unknown, origin: string | undefined): Promise<Project> {
  if (key === undefined || key === '') throw apiError('missing_key');
  const project = typeof key === 'string' && key.length <= MAX_PROJECT_KEY_LENGTH ? await projects.byKey(key) : null;
  if (!project) throw apiError('invalid_key');
  if (!project.enabled) throw apiError('recording_disabled');
  if (project.allowedOrigins.length > 0 && (!origin || !project.allowedOrigins.includes(origin))) {
    throw apiError('origin_not_allowed');
  }
  return project;
}
