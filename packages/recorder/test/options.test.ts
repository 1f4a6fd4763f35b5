import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';

const base = { endpoint: 'https://veil.example.com/', projectKey: 'pk_abcdef' };

describe('resolveOptions', () => {
  it('fills every default and trims the endpoint', () => {
    expect(resolveOptions(base)).toEqual({
      endpoint: 'https://veil.example.com',
      projectKey: 'pk_abcdef',
      requireConsent: false,
      respectBrowserSignals: true,
      flushIntervalMs: 5_000,
      idleTimeoutMs: 30 * 60_000,
      maxSessionMs: 12 * 60 * 60_000,
      minDurationMs: 0,
      debug: false,
    });
  });
  it('keeps valid values', () => {
    const onBatch = () => {};
    expect(resolveOptions({ ...base, flushIntervalMs: 1000, requireConsent: true, privacyLevel: 'strict', onBatch })).toMatchObject({
      flushIntervalMs: 1000, requireConsent: true, privacyLevel: 'strict', onBatch,
    });
  });
  it.each([
    [null, 'init() needs an options object'],
    [{ ...base, endpoint: 'veil.example.com' }, 'endpoint must be an http(s) URL'],
    [{ ...base, projectKey: 'x' }, 'projectKey'],
    [{ ...base, flushIntervalMs: 999 }, 'flushIntervalMs must be a number from 1000 to 30000'],
    [{ ...base, flushIntervalMs: 30_001 }, 'flushIntervalMs'],
    [{ ...base, flushIntervalMs: '5000' }, 'flushIntervalMs'],
    [{ ...base, flushIntervalMs: Number.NaN }, 'flushIntervalMs'],
    [{ ...base, idleTimeoutMs: 1000 }, 'idleTimeoutMs'],
    [{ ...base, maxSessionMs: 0 }, 'maxSessionMs'],
    [{ ...base, minDurationMs: -1 }, 'minDurationMs'],
    [{ ...base, requireConsent: 'yes' }, 'requireConsent must be true or false'],
    [{ ...base, privacyLevel: 'none' }, 'privacyLevel'],
    [{ ...base, onBatch: 'log' }, 'onBatch must be a function'],
    [{ ...base, flushInterval: 1000 }, 'unknown option "flushInterval"'],
  ])('refuses %j, naming the option', (input, message) => {
    const result = resolveOptions(input);
    expect(typeof result).toBe('string');
    expect(result).toContain(message);
  });
});
