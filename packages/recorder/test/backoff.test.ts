import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS, retryAfterMs } from '../src/transport/backoff.js';

describe('backoffDelay', () => {
  it('starts at 1 s and doubles, jittered within the upper half', () => {
    expect(backoffDelay(0, () => 0)).toBe(1_000);
    expect(backoffDelay(0, () => 1)).toBe(1_000);
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(1, () => 1)).toBe(2_000);
    expect(backoffDelay(3, () => 0)).toBe(4_000);
    expect(backoffDelay(3, () => 1)).toBe(8_000);
  });
  it('never waits more than 60 s, however many attempts', () => {
    for (const attempt of [6, 7, 20, 1_000]) {
      expect(backoffDelay(attempt, () => 1)).toBe(MAX_BACKOFF_MS);
      expect(backoffDelay(attempt, () => 0)).toBe(MAX_BACKOFF_MS / 2);
    }
  });
  it('spreads retries (jitter)', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('1.5', now)).toBe(1_500);
  });
  it('reads an HTTP date, relative to now', () => {
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0); // in the past: now
  });
  it('caps at 60 s', () => {
    expect(retryAfterMs('3600', now)).toBe(MAX_BACKOFF_MS);
  });
  it('answers null for absent or unreadable values (then the usual backoff applies)', () => {
    for (const v of [null, '', '  ', 'soon', '-5', '1e3', 'Thu, 99 Foo']) expect(retryAfterMs(v, now)).toBeNull();
  });
});
