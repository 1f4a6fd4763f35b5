import type { ImportResult, Project } from '@veil/protocol';
import { prepareImport, storeImport } from '../portability/import-session.js';
import type { AuditedCall } from './audited-call.js';

/**
 * Imports a session export into `project`: every batch checked and scrubbed first, then all of
 * them stored and the `session.import` audit entry written in one transaction. A file that fails
 * anywhere stores nothing and is not audited as imported; fixed, it imports.
 */
export function importSessionFile({ store, actor, now }: AuditedCall, project: Project, file: unknown): Promise<ImportResult> {
  const prepared = prepareImport(project, file, now);
  return store.transaction(async (tx) => {
    const result = await storeImport(tx, project, prepared, now);
    await tx.audit.append(
      {
        actor,
        action: 'session.import',
        target: result.sessionId,
        details: { projectId: project.id, sourceSessionId: result.sourceSessionId, batches: result.batches, duplicates: result.duplicates },
      },
      now,
    );
    return result;
  });
}
