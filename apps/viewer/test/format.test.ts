import { describe, expect, it } from 'vitest';
import { formatDuration, parseTimestamp, timestampParam } from '../src/format.js';

describe('deep-link times', () => {
  it('parses m:ss, h:mm:ss and plain seconds', () => {
    expect(parseTimestamp('1:23')).toBe(83_000);
    expect(parseTimestamp('1:02:03')).toBe(3_723_000);
    expect(parseTimestamp('90')).toBe(90_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'abc', '1:2:3:4', '-5', '1.5', '<img>']) expect(parseTimestamp(bad)).toBeNull();
  });

  it('round-trips what the copy-link button writes', () => {
    for (const ms of [0, 45_000, 83_000, 3_723_000]) expect(parseTimestamp(timestampParam(ms))).toBe(ms);
  });

  it('formats durations down to the second, never rounding up past the end', () => {
    expect(formatDuration(59_999)).toBe('0:59');
    expect(formatDuration(3_600_000)).toBe('1:00:00');
  });
});
