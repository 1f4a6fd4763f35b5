import { describe, expect, it } from 'vitest';
import { parseRemoteConfig, strictest } from '../src/config/remote-config.js';

const good = { enabled: true, sampleRate: 0.5, privacyLevel: 'balanced', urlAllowlist: ['utm_*'], flushIntervalMs: 5000 };

describe('parseRemoteConfig', () => {
  it('accepts the server config', () => {
    expect(parseRemoteConfig(good)).toEqual(good);
  });
  it.each([
    ['not an object', 'enabled'],
    ['null', null],
    ['enabled missing', { ...good, enabled: undefined }],
    ['sampleRate above 1', { ...good, sampleRate: 1.5 }],
    ['sampleRate negative', { ...good, sampleRate: -0.1 }],
    ['unknown privacy level', { ...good, privacyLevel: 'lax' }],
    ['allowlist not strings', { ...good, urlAllowlist: [1] }],
    ['flush interval too short', { ...good, flushIntervalMs: 10 }],
    ['flush interval too long', { ...good, flushIntervalMs: 60_000 }],
  ])('refuses %s (an invalid config means: do not record)', (_name, value) => {
    expect(parseRemoteConfig(value)).toBeNull();
  });
});

describe('strictest', () => {
  it('lets the site narrow the level, never widen it', () => {
    expect(strictest('balanced', 'strict')).toBe('strict');
    expect(strictest('strict', 'balanced')).toBe('strict');
    expect(strictest('balanced', undefined)).toBe('balanced');
  });
});
