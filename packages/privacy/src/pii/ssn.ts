import { isAlnum, isDigit } from './chars.js';
import { countHit, type Detector } from './detector.js';
import type { MaskedText } from './masked-text.js';

const LENGTH = 11; // 123-45-6789
// A number glued to these is part of something else: a decimal, a path, a longer id.
const isGlueBefore = (c: number): boolean => isAlnum(c) || c === 95 || c === 46 || c === 44 || c === 47 || c === 45;

/** True when text[i, i+n) are n digits, not all '0'. */
function digitsNotAllZero(text: MaskedText, i: number, n: number): boolean {
  let zeros = true;
  for (let k = i; k < i + n; k++) {
    const c = text.at(k);
    if (!isDigit(c)) return false;
    if (c !== 48) zeros = false;
  }
  return !zeros;
}

/**
 * Whether an SSN starts at `i`: 3-2-4 digits with one consistent separator ('-' or ' ');
 * areas 000, 666 and 9xx and all-zero groups are never issued, which also keeps most
 * look-alike ids out; not followed by a word char, '-', or a decimal part.
 */
function isSsnAt(text: MaskedText, i: number): boolean {
  const a = text.at(i);
  if (a < 48 || a > 56 || !digitsNotAllZero(text, i, 3)) return false; // 0–8: no 9xx area
  if (a === 54 && text.at(i + 1) === 54 && text.at(i + 2) === 54) return false; // 666
  const sep = text.at(i + 3);
  if ((sep !== 45 && sep !== 32) || text.at(i + 6) !== sep) return false;
  if (!digitsNotAllZero(text, i + 4, 2) || !digitsNotAllZero(text, i + 7, 4)) return false;
  const after = text.at(i + LENGTH);
  return !(isAlnum(after) || after === 95 || after === 45 || ((after === 46 || after === 44) && isDigit(text.at(i + LENGTH + 1))));
}

/** US Social Security numbers (123-45-6789, 123 45 6789). Linear: 12 chars read per start. */
export const ssnDetector: Detector = {
  name: 'ssn',
  mayMatch: (s) => s.digits >= 9,
  shape: /\d{3}[- ]\d\d[- ]\d{4}/,
  mask(text, counts) {
    for (let i = 0; i + LENGTH <= text.length; i++) {
      if (!isDigit(text.at(i)) || isGlueBefore(text.at(i - 1)) || !isSsnAt(text, i)) continue;
      text.mask(i, i + LENGTH);
      countHit(counts, 'ssn');
      i += LENGTH - 1;
    }
  },
};
