import { describe, expect, it } from 'vitest';
import { createScrubber, type PrivacyLevel } from '../src/index.js';
import recorded from './fixtures/recorded-raw-shop.json';
import { markersSnapshot } from './fixtures/markers-snapshot.js';
import { signupSnapshot } from './fixtures/signup-snapshot.js';

// The server stores a batch exactly as the recorder sent it when the scrub counted nothing
// (apps/server/src/store/chunk-format.ts). That is only safe if a scrub that changes anything
// also counts it: these tests hold the scrubber to that, event by event and on whole recordings.

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const total = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);
const recordings: Record<string, unknown[]> = {
  'a raw recording of the shop': recorded as unknown[],
  'a sign-up form snapshot': [signupSnapshot()],
  'a snapshot with every marker': [markersSnapshot()],
};

describe.each(['balanced', 'strict'] as PrivacyLevel[])('at the %s level, a scrub that counts nothing changes nothing', (level) => {
  for (const [name, events] of Object.entries(recordings)) {
    it(`holds for each event of ${name}`, () => {
      let unchanged = 0;
      for (const event of events) {
        const scrubber = createScrubber({ level });
        const before = JSON.stringify(event);
        const scrubbed = copy(event);
        scrubber.scrubEvent(scrubbed);
        if (total(scrubber.counts) === 0) {
          expect(JSON.stringify(scrubbed)).toBe(before);
          unchanged++;
        } else {
          expect(JSON.stringify(scrubbed)).not.toBe(before);
        }
      }
      // Recording of ordinary events happened: not every event needed masking.
      if (events.length > 1) expect(unchanged).toBeGreaterThan(0);
    });

    it(`scrubs ${name} to a fixed point: a second scrub counts nothing and changes nothing`, () => {
      const once = copy(events);
      const first = createScrubber({ level });
      for (const event of once) first.scrubEvent(event);
      const twice = copy(once);
      const second = createScrubber({ level });
      for (const event of twice) second.scrubEvent(event);
      expect(total(second.counts)).toBe(0);
      expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    });
  }
});
