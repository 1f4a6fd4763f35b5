import { isAlnum, isDigit } from './chars.js';
import { countHit, type Detector } from './detector.js';
import { luhnValid } from './luhn.js';
import type { MaskedText } from './masked-text.js';

const isSep = (c: number): boolean => c === 32 || c === 45;
// A digit run glued to these is part of something else: a decimal, a hash, a dotted id.
const isGlue = (c: number): boolean => isAlnum(c) || c === 46 || c === 44 || c === 95;
// After the run, '.' and ',' only glue when a digit follows (a decimal), not at a full stop.
const gluedAfter = (text: MaskedText, i: number): boolean => {
  const c = text.at(i);
  return isAlnum(c) || c === 95 || ((c === 46 || c === 44) && isDigit(text.at(i + 1)));
};
// Boundaries tried for a grouped card are those with this many digits before them; the run
// itself can be any length, so only these few get a Luhn check (each over at most ~40 chars).
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Payment card numbers: 13–19 digits, optionally grouped by single spaces or dashes,
 * starting with an issuer digit 2–6 (so millisecond timestamps never qualify), Luhn-valid.
 * Linear: each grouped run is walked twice (once to find its end, once for its boundaries).
 */
export const cardDetector: Detector = {
  name: 'card',
  mayMatch: (s) => s.digits >= MIN_DIGITS,
  shape: /\d(?:[ -]?\d){12}/,
  mask(text, counts) {
    for (let i = 0; i < text.length; i++) {
      const first = text.at(i);
      if (!isDigit(first) || isGlue(text.at(i - 1))) continue;
      // Walk the whole grouped run first so a card inside a longer number is not carved out.
      let end = i;
      let digits = 0;
      let grouped = false;
      while (end < text.length) {
        const c = text.at(end);
        if (isDigit(c)) {
          digits++;
          end++;
        } else if (isSep(c) && isDigit(text.at(end + 1))) {
          grouped = true;
          end++;
        } else break;
      }
      const from = i;
      i = end;
      if (digits < MIN_DIGITS || first < 50 || first > 54 || gluedAfter(text, end)) continue;
      // Ungrouped: the whole run must be the card. Grouped: the card may be followed by another
      // group (an expiry, a CVC), so the longest valid group boundary wins.
      let hit = -1;
      if (!grouped) {
        if (digits <= MAX_DIGITS && luhnValid(text, from, end)) hit = end;
      } else {
        let count = 0;
        for (let k = from; k <= end && count <= MAX_DIGITS; k++) {
          if (isDigit(text.at(k))) {
            count++;
            continue;
          }
          if (count >= MIN_DIGITS && luhnValid(text, from, k)) hit = k;
        }
      }
      if (hit > 0) {
        text.mask(from, hit);
        countHit(counts, 'card');
      }
    }
  },
};
