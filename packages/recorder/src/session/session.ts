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
 * Continues the stored session if it is still live, or starts a new one (deciding sampling once).
 * @example const { session, isNew } = loadOrCreateSession(read(), Date.now(), rules, 0.5, Math.random);
 */
export function loadOrCreateSession(
  stored: SessionState | null,
  now: number,
  rules: SessionRules,
  sampleRate: number,
  random: () => number,
): { session: SessionState; isNew: boolean } {
  if (stored && !isExpired(stored, now, rules)) return { session: stored, isNew: false };
  return {
    session: { id: newSessionId(), startedAt: now, lastActivityAt: now, seq: 0, sampled: random() < sampleRate, userId: stored?.userId ?? null },
    isNew: true,
  };
}

/** Parses a stored session, answering null for anything malformed (storage is external input). */
export function parseSession(raw: string | null): SessionState | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<SessionState>;
    const ok =
      typeof s.id === 'string' && /^[\w-]{16,64}$/.test(s.id) &&
      Number.isFinite(s.startedAt) && Number.isFinite(s.lastActivityAt) &&
      Number.isInteger(s.seq) && (s.seq as number) >= 0 && typeof s.sampled === 'boolean' &&
      (s.userId === null || typeof s.userId === 'string');
    return ok ? (s as SessionState) : null;
  } catch {
    return null;
  }
}
