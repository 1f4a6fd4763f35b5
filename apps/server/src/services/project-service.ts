import type { Project, ProjectPatch } from '@veil/protocol';
import type { AuditedCall } from './audited-call.js';
import { notifyProjectsChanged } from './project-changes.js';

const HOUR_MS = 3_600_000;

// Each change and its audit entry commit in one transaction: a crash cannot leave a change the
// audit log does not show, nor an entry for a change that did not happen.

/** Creates a project (with its ingest key), audited as `project.create`. */
export function createProject({ store, actor, now }: AuditedCall, name: string): Promise<Project> {
  return store.transaction(async (tx) => {
    const project = await tx.projects.create(name, now);
    await tx.audit.append({ actor, action: 'project.create', target: project.id }, now);
    return project;
  });
}

/** Changes a project's settings, audited as `project.update` with the changes; null for an unknown project. */
export async function updateProject({ store, actor, now }: AuditedCall, id: string, patch: ProjectPatch): Promise<Project | null> {
  const project = await store.transaction(async (tx) => {
    const updated = await tx.projects.update(id, patch);
    if (updated) await tx.audit.append({ actor, action: 'project.update', target: id, details: { changes: patch } }, now);
    return updated;
  });
  // The kill switch applies to this server's ingest at once, not after the cache period.
  if (project) notifyProjectsChanged(store);
  return project;
}

/**
 * Gives a project a new ingest key (the old one works `graceHours` longer), audited as
 * `project.rotate_key`; null for an unknown project.
 */
export async function rotateProjectKey(
  { store, actor, now }: AuditedCall,
  id: string,
  graceHours: number,
): Promise<{ key: string; previousKeyValidUntil: number | null } | null> {
  const rotated = await store.transaction(async (tx) => {
    const done = await tx.projects.rotateKey(id, now, graceHours * HOUR_MS);
    if (done) await tx.audit.append({ actor, action: 'project.rotate_key', target: id, details: { graceHours } }, now);
    return done;
  });
  if (rotated) notifyProjectsChanged(store);
  return rotated;
}
