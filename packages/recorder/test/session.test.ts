import { describe, expect, it } from 'vitest';
import { isExpired, loadOrCreateSession, newSession, parseSession, type SessionState } from '../src/session/session.js';

const MIN = 60_000;
const rules = { idleTimeoutMs: 30 * MIN, maxSessionMs: 12 * 60 * MIN };
const T0 = 1_700_000_000_000;
const session = (over: Partial<SessionState> = {}): SessionState => ({
  id: 'abcdefghijklmnop1234', startedAt: T0, lastActivityAt: T0, seq: 3, sampled: true, userId: null, ...over,
});

describe('session expiry', () => {
  it('is live until 30 minutes without activity', () => {
    expect(isExpired(session(), T0 + 30 * MIN - 1, rules)).toBe(false);
    expect(isExpired(session(), T0 + 30 * MIN, rules)).toBe(true);
  });
  it('activity pushes the idle end out', () => {
    expect(isExpired(session({ lastActivityAt: T0 + 29 * MIN }), T0 + 58 * MIN, rules)).toBe(false);
  });
  it('ends after 12 hours in all, however active', () => {
    const now = T0 + 12 * 60 * MIN;
    expect(isExpired(session({ lastActivityAt: now - 1 }), now - 1, rules)).toBe(false);
    expect(isExpired(session({ lastActivityAt: now }), now, rules)).toBe(true);
  });
});

describe('loadOrCreateSession', () => {
  it('continues a live session, keeping its id, seq and sampling, and counts the page load as activity', () => {
    const { session: s, isNew } = loadOrCreateSession(session(), T0 + 10 * MIN, rules, 0, () => 0.99);
    expect(isNew).toBe(false);
    expect(s).toMatchObject({ id: 'abcdefghijklmnop1234', seq: 3, sampled: true, lastActivityAt: T0 + 10 * MIN });
  });
  it('starts a new session with seq 0 when the stored one ran out, keeping the user id', () => {
    const { session: s, isNew } = loadOrCreateSession(session({ userId: 'u1' }), T0 + 31 * MIN, rules, 1, () => 0.5);
    expect(isNew).toBe(true);
    expect(s).toMatchObject({ seq: 0, startedAt: T0 + 31 * MIN, lastActivityAt: T0 + 31 * MIN, sampled: true, userId: 'u1' });
    expect(s.id).not.toBe('abcdefghijklmnop1234');
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });
  it('decides sampling once, for a new session only (sticky afterwards)', () => {
    expect(loadOrCreateSession(null, T0, rules, 0.25, () => 0.2).session.sampled).toBe(true);
    expect(loadOrCreateSession(null, T0, rules, 0.25, () => 0.3).session.sampled).toBe(false);
    const unsampled = session({ sampled: false });
    expect(loadOrCreateSession(unsampled, T0 + MIN, rules, 1, () => 0).session.sampled).toBe(false);
  });
  it('does not trust a session stored with a start in the future (clock moved back)', () => {
    expect(loadOrCreateSession(session({ startedAt: T0 + MIN }), T0, rules, 1, () => 0).isNew).toBe(true);
  });
  it('newSession gives fresh, distinct ids', () => {
    expect(newSession(T0, 1, () => 0, null).id).not.toBe(newSession(T0, 1, () => 0, null).id);
  });
});

describe('parseSession (storage is external input)', () => {
  it('reads back what was saved', () => {
    expect(parseSession(JSON.stringify(session()))).toEqual(session());
  });
  it.each([
    ['null', null],
    ['not JSON', '{'],
    ['short id', JSON.stringify(session({ id: 'short' }))],
    ['negative seq', JSON.stringify(session({ seq: -1 }))],
    ['fractional seq', JSON.stringify(session({ seq: 1.5 }))],
    ['sampled not boolean', JSON.stringify({ ...session(), sampled: 'yes' })],
    ['empty user id', JSON.stringify(session({ userId: '' }))],
  ])('answers null for %s', (_name, raw) => {
    expect(parseSession(raw)).toBeNull();
  });
});
