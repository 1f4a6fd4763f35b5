import type { SessionSummary } from '@veil/protocol';
import { sessionExportJson, userExportJson } from '../portability/export-json.js';
import type { AuditedCall } from './audited-call.js';

/**
 * A session export to stream, audited as `session.export`; null when the session does not exist
 * or has expired. The entry is written before a byte is sent: an export is audited even if the
 * download is cut off.
 */
export async function exportSession(
  { store, actor, now }: AuditedCall,
  id: string,
): Promise<{ session: SessionSummary; json: AsyncIterable<string> } | null> {
  const session = await store.sessions.get(id, now);
  if (!session) return null;
  await store.audit.append({ actor, action: 'session.export', target: session.id }, now);
  return { session, json: sessionExportJson(store, session, now) };
}

/**
 * Everything stored about one end user (an access request), audited as `user.export` under the
 * user's pseudonym with the number of sessions, before a byte is sent.
 */
export async function exportUser({ store, actor, now }: AuditedCall, userId: string): Promise<{ sessions: number; json: AsyncIterable<string> }> {
  const { sessions, json } = await userExportJson(store, userId, now);
  await store.audit.append({ actor, action: 'user.export', target: store.audit.userRef(userId), details: { sessions } }, now);
  return { sessions, json };
}
