import { describe, expect, it } from 'vitest';
import { createScrubber, type PrivacyLevel } from '../src/index.js';
import recorded from './fixtures/recorded-raw-shop.json';

// Raw rrweb 2.1.6 events recorded in Chromium without any masking
// (test/privacy/support/record-raw-fixture.mjs): the scrubber alone must make them safe.
const SECRETS = [
  'jane.doe@example.com',
  '4111 1111 1111 1111',
  '4111111111111111',
  'DE89 3704 0044 0532 0130 00',
  '+44 20 7946 0958',
  'Hunter2-Secret',
  'hidden-csrf-token-71',
  'tok-5521',
  'sig=abc123',
  'Vexmoor Plaza',
  'Typed Grimsditch',
  'Masked Dribbleworth',
  'Added Snorkelwick',
  'Blocked Quaxley',
];

function scrubbed(level: PrivacyLevel): string {
  const events = JSON.parse(JSON.stringify(recorded)) as unknown[];
  const scrubber = createScrubber({ level });
  for (const event of events) scrubber.scrubEvent(event);
  return JSON.stringify(events);
}

describe('the scrubber on raw events recorded in a real browser', () => {
  it('the fixture holds the personal data (or this test proves nothing)', () => {
    const raw = JSON.stringify(recorded);
    for (const secret of SECRETS) expect(raw).toContain(secret);
  });

  it('balanced: masks every secret and keeps the ordinary page text', () => {
    const out = scrubbed('balanced');
    expect(SECRETS.filter((s) => out.includes(s))).toEqual([]);
    for (const text of ['Your orders', 'Signed in as ', 'Questions? Call ', 'Order history', 'utm_source=mail', 'Paid with ', 'Orders of ']) {
      expect(out).toContain(text);
    }
  });

  it('strict: masks the page text too', () => {
    const out = scrubbed('strict');
    expect(SECRETS.filter((s) => out.includes(s))).toEqual([]);
    expect(out).not.toContain('Your orders');
    expect(out).toContain('"**** ******"');
  });
});
