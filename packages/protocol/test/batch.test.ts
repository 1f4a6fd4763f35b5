import { describe, expect, it } from 'vitest';
import { ingestBatchSchema, remoteConfigSchema, sessionListQuerySchema } from '../src/index.js';

const event = { type: 4, timestamp: 1_700_000_000_000, data: { href: 'https://shop.example/', width: 1280, height: 800 } };
const batch = { v: 1, sessionId: 'abcdefghijklmnop1234', seq: 0, events: [event] };

describe('ingestBatchSchema', () => {
  it('accepts a minimal batch and an identified one', () => {
    expect(ingestBatchSchema.safeParse(batch).success).toBe(true);
    expect(ingestBatchSchema.safeParse({ ...batch, userId: 'user-1' }).success).toBe(true);
  });

  it.each([
    ['an unknown envelope field', { ...batch, extra: 1 }],
    ['a short session id', { ...batch, sessionId: 'short' }],
    ['a session id with path characters', { ...batch, sessionId: '../../etc/passwd/aaaa' }],
    ['a negative seq', { ...batch, seq: -1 }],
    ['a fractional seq', { ...batch, seq: 1.5 }],
    ['no events', { ...batch, events: [] }],
    ['an event of unknown type', { ...batch, events: [{ ...event, type: 9 }] }],
    ['a negative timestamp', { ...batch, events: [{ ...event, timestamp: -5 }] }],
    ['a string timestamp', { ...batch, events: [{ ...event, timestamp: '1' }] }],
    ['event data that is not an object', { ...batch, events: [{ ...event, data: 'x' }] }],
    ['an empty user id', { ...batch, userId: '' }],
    ['a wrong version', { ...batch, v: 2 }],
  ])('rejects %s', (_name, value) => {
    expect(ingestBatchSchema.safeParse(value).success).toBe(false);
  });

  it('names the bad field in its error', () => {
    const result = ingestBatchSchema.safeParse({ ...batch, events: [event, { ...event, timestamp: 'soon' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['events', 1, 'timestamp']);
  });
});

describe('remoteConfigSchema', () => {
  it('accepts the server default and refuses a sample rate above 1', () => {
    const config = { enabled: true, sampleRate: 1, privacyLevel: 'balanced', urlAllowlist: ['utm_*'], flushIntervalMs: 5000 };
    expect(remoteConfigSchema.safeParse(config).success).toBe(true);
    expect(remoteConfigSchema.safeParse({ ...config, sampleRate: 1.5 }).success).toBe(false);
    expect(remoteConfigSchema.safeParse({ ...config, privacyLevel: 'none' }).success).toBe(false);
  });
});

describe('sessionListQuerySchema', () => {
  it('coerces query-string numbers and defaults the page size', () => {
    expect(sessionListQuerySchema.parse({ minDurationMs: '1000' })).toEqual({ minDurationMs: 1000, limit: 50 });
  });
  it('refuses unknown filters and oversized pages', () => {
    expect(sessionListQuerySchema.safeParse({ color: 'red' }).success).toBe(false);
    expect(sessionListQuerySchema.safeParse({ limit: '5000' }).success).toBe(false);
  });
});
