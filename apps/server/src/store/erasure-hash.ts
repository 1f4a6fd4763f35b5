import { createHash } from 'node:crypto';

/**
 * The erased-session marker of a session id: its SHA-256 in hex, so the marker refuses the
 * session's late batches while the id itself is stored nowhere. Every store keys its markers
 * with this, so a marker means the same thing whichever store wrote it.
 */
export function erasedSessionHash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}
