import { describe, expect, it } from 'vitest';
import { identifySession, type SessionState } from '../src/session/session.js';

const T0 = 1_700_000_000_000;
const session = (userId: string | null): SessionState => ({ id: 'abcdefghijklmnop1234', startedAt: T0, lastActivityAt: T0, seq: 3, sampled: true, userId });
const continued = (userId: string | null) => ({ session: session(userId), isNew: false });
const apply = (loaded: { session: SessionState; isNew: boolean }, userId: string | null | undefined) => identifySession(loaded, userId, T0 + 1_000, 1, () => 0.5);

describe('identifySession: identify() before recording starts, one person per session', () => {
  it('starts a new session when a continued session was identified with another person', () => {
    const s = apply(continued('alice'), 'bob');
    expect(s).toMatchObject({ userId: 'bob', seq: 0, startedAt: T0 + 1_000 });
    expect(s.id).not.toBe('abcdefghijklmnop1234');
  });
  it('continues the session for the same person, or when it had no one yet', () => {
    expect(apply(continued('alice'), 'alice')).toEqual(session('alice'));
    expect(apply(continued(null), 'alice')).toEqual(session('alice'));
  });
  it('leaves a continued session with its person on a logout (null) or without identify()', () => {
    expect(apply(continued('alice'), null)).toEqual(session('alice'));
    expect(apply(continued('alice'), undefined)).toEqual(session('alice'));
  });
  it('gives a new session the id as it is', () => {
    expect(apply({ session: session('alice'), isNew: true }, 'bob')).toEqual(session('bob'));
  });
});
