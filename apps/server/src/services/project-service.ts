import type { Project, ProjectPatch } from '@veil/protocol';
import type { AuditedCall } from './audited-call.js';

const HOUR_MS = 3_600_000;

// Each change and its audit entry commit in one transaction: a crash cannot leave a change the
// audit log does not show, nor an entry for a change that did not happen.

/** Creates a project (with its ingest key), audited as `project.create`. */
export function createProject({ store, actor, now }: AuditedCall, name: string): Project {
  return store.transaction((tx) => {
    const project = tx.projects.create(name, now);
    tx.audit.append({ actor, action: 'project.create', target: project.id }, now);
    return project;
  });
}

/** Changes a project's settings, audited as `project.update` with the changes; null for an unknown project. */
export function updateProject({ store, actor, now }: AuditedCall, id: string, patch: ProjectPatch): Project | null {
  return store.transaction((tx) => {
    const project = tx.projects.update(id, patch);
    if (project) tx.audit.append({ actor, action: 'project.update', target: id, details: { changes: patch } }, now);
    return project;
  });
}

/**
 * Gives a project a new ingest key (the old one works `graceHours` longer), audited as
 * `project.rotate_key`; null for an unknown project.
 */
export function rotateProjectKey(
  { store, actor, now }: AuditedCall,
  id: string,
  graceHours: number,
): { key: string; previousKeyValidUntil: number | null } | null {
  return store.transaction((tx) => {
    const rotated = tx.projects.rotateKey(id, now, graceHours * HOUR_MS);
    if (rotated) tx.audit.append({ actor, action: 'project.rotate_key', target: id, details: { graceHours } }, now);
    return rotated;
  });
}
