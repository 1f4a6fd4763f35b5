/** What the recorder remembers about the current session, in sessionStorage (one tab). */
export interface SessionState {
  id: string;
  startedAt: number;
  lastActivityAt: number;
  /** The next batch's sequence number. */
  seq: number;
  /** The sampling decision, taken once per session. */
  sampled: boolean;
  userId: string | null;
}

export interface SessionRules {
  idleTimeoutMs: number;
  maxSessionMs: number;
}

/** True when the session ended: idle too long, or running too long in all. */
export function isExpired(s: SessionState, now: number, rules: SessionRules): boolean {
  return now - s.lastActivityAt >= rules.idleTimeoutMs || now - s.startedAt >= rules.maxSessionMs;
}

/** A new random, URL-safe session id (getRandomValues works on plain-http pages too, unlike randomUUID). */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const b of bytes) id += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'[b & 63];
  return id + Date.now().toString(36);
}

/**
 * A fresh session starting at `now`, with the sampling decision taken here, once.
 * @example newSession(Date.now(), 0.5, Math.random, null)
 */
export function newSession(now: number, sampleRate: number, random: () => number, userId: string | null): SessionState {
  return { id: newSessionId(), startedAt: now, lastActivityAt: now, seq: 0, sampled: random() < sampleRate, userId };
}

/**
 * Continues the stored session if it is still live (a page load counts as activity), or starts a
 * new one. Sampling is decided only for a new session, so it sticks for the session's life.
 * @example const { session, isNew } = loadOrCreateSession(read(), Date.now(), rules, 0.5, Math.random);
 */
export function loadOrCreateSession(
  stored: SessionState | null,
  now: number,
  rules: SessionRules,
  sampleRate: number,
  random: () => number,
): { session: SessionState; isNew: boolean } {
  if (stored && now >= stored.startedAt && !isExpired(stored, now, rules)) {
    return { session: { ...stored, lastActivityAt: Math.max(stored.lastActivityAt, now) }, isNew: false };
  }
  return { session: newSession(now, sampleRate, random, stored?.userId ?? null), isNew: true };
}

/**
 * Applies an `identify(userId)` made before recording started on this page (`undefined`: none)
 * to the session loaded for it, by the rule identify() follows while recording: one person per
 * session. A session continued from an earlier page of the tab that was identified with another
 * id gives way to a new session (sampling decided anew), so the person of the earlier pages
 * keeps every screen of theirs and none of the new person's; `null` (a logout) leaves a continued
 * session with its person. A new session simply takes the id.
 * @example identifySession(loadOrCreateSession(stored, now, rules, 1, Math.random), 'bob', now, 1, Math.random)
 */
export function identifySession(
  loaded: { session: SessionState; isNew: boolean },
  userId: string | null | undefined,
  now: number,
  sampleRate: number,
  random: () => number,
): SessionState {
  const { session, isNew } = loaded;
  if (userId === undefined || userId === session.userId) return session;
  if (isNew || session.userId === null) return { ...session, userId };
  if (userId === null) return session;
  return newSession(now, sampleRate, random, userId);
}

/** Parses a stored session, answering null for anything malformed (storage is external input). */
export function parseSession(raw: string | null): SessionState | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<SessionState>;
    const ok =
      typeof s.id === 'string' && /^[\w-]{16,64}$/.test(s.id) &&
      Number.isFinite(s.startedAt) && Number.isFinite(s.lastActivityAt) &&
      Number.isSafeInteger(s.seq) && (s.seq as number) >= 0 && typeof s.sampled === 'boolean' &&
      (s.userId === null || (typeof s.userId === 'string' && s.userId.length > 0 && s.userId.length <= 256));
    return ok ? (s as SessionState) : null;
  } catch {
    return null;
  }
}
