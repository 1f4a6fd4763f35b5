import { codeAt, isAlnum, isDigit } from './chars.js';
import { countHit, maskSpan, type Detector } from './detector.js';
import { luhnValid } from './luhn.js';

const isSep = (c: number): boolean => c === 32 || c === 45;
// A digit run glued to these is part of something else: a decimal, a hash, a dotted id.
const isGlue = (c: number): boolean => isAlnum(c) || c === 46 || c === 44 || c === 95;
// After the run, '.' and ',' only glue when a digit follows (a decimal), not at a full stop.
const gluedAfter = (text: string, i: number): boolean => {
  const c = codeAt(text, i);
  return isAlnum(c) || c === 95 || ((c === 46 || c === 44) && isDigit(codeAt(text, i + 1)));
};

/**
 * Payment card numbers: 13–19 digits, optionally grouped by single spaces or dashes,
 * starting with an issuer digit 2–6 (so millisecond timestamps never qualify), Luhn-valid.
 */
export const cardDetector: Detector = {
  name: 'card',
  mayMatch: (s) => s.digits >= 13,
  mask(text, counts) {
    let out = text;
    for (let i = 0; i < out.length; i++) {
      const first = out.charCodeAt(i);
      if (!isDigit(first) || isGlue(codeAt(out, i - 1))) continue;
      // Walk the whole grouped run first so a card inside a longer number is not carved out.
      let end = i;
      let digits = 0;
      let grouped = false;
      while (end < out.length) {
        const c = out.charCodeAt(end);
        if (isDigit(c)) {
          digits++;
          end++;
        } else if (isSep(c) && isDigit(codeAt(out, end + 1))) {
          grouped = true;
          end++;
        } else break;
      }
      const from = i;
      i = end;
      if (digits < 13 || first < 50 || first > 54 || gluedAfter(out, end)) continue;
      // Ungrouped: the whole run must be the card. Grouped: the card may be followed by another
      // group (an expiry, a CVC), so try each group boundary from the longest.
      let hit = -1;
      if (!grouped) {
        if (digits <= 19 && luhnValid(out, from, end)) hit = end;
      } else {
        let count = 0;
        for (let k = from; k <= end; k++) {
          const c = codeAt(out, k);
          if (isDigit(c)) {
            count++;
            continue;
          }
          if (count >= 13 && count <= 19 && luhnValid(out, from, k)) hit = k;
        }
      }
      if (hit > 0) {
        out = maskSpan(out, from, hit);
        countHit(counts, 'card');
      }
    }
    return out;
  },
};
