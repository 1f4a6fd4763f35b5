import { isAlnum, isDigit, isLetter } from './chars.js';
import { countHit, type Detector } from './detector.js';
import type { MaskedText } from './masked-text.js';

// IBAN length per country (ISO 13616 registry). The exact length plus mod-97 keeps random
// alphanumerics out.
const LENGTHS =
  'AD24AE23AL28AT20AZ28BA20BE16BG22BH22BR29BY28CH21CR22CY28CZ24DE22DK18DO28EE20EG29ES24FI18' +
  'FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20' +
  'LU20LV21MC27MD24ME22MK19MR27MT31MU30NL18NO15PK24PL28PS29PT25QA29RO24RS22SA24SC31SE24SI19' +
  'SK24SM27ST25SV28TL23TN24TR26UA29VA22VG24XK20';
const SHORTEST = 15;

/** Expected length for the country code at text[i, i+2) (any case), or 0. */
function expectedLength(text: MaskedText, i: number): number {
  const a = text.at(i) & ~32;
  const b = text.at(i + 1) & ~32;
  for (let k = 0; k < LENGTHS.length; k += 4) {
    if (LENGTHS.charCodeAt(k) === a && LENGTHS.charCodeAt(k + 1) === b) {
      return (LENGTHS.charCodeAt(k + 2) - 48) * 10 + LENGTHS.charCodeAt(k + 3) - 48;
    }
  }
  return 0;
}

/** Alphanumeric value used by ISO 7064 mod 97-10: digits as-is, A=10 … Z=35. */
const value = (c: number): number => (isDigit(c) ? c - 48 : (c | 32) - 87);

/**
 * International bank account numbers, compact or in groups of four separated by spaces,
 * with a valid mod-97 checksum. Linear: a candidate starts only after a non-alphanumeric and
 * reads at most its country's length (34 at most) of characters.
 */
export const ibanDetector: Detector = {
  name: 'iban',
  mayMatch: (s) => s.lettersThenDigits && s.digits >= 6,
  mask(text, counts) {
    for (let i = 0; i + SHORTEST <= text.length; i++) {
      if (!isLetter(text.at(i)) || !isLetter(text.at(i + 1)) || isAlnum(text.at(i - 1))) continue;
      if (!isDigit(text.at(i + 2)) || !isDigit(text.at(i + 3))) continue;
      const want = expectedLength(text, i);
      if (want === 0) continue;
      // Collect `want` alphanumerics, allowing one space between groups; the checksum starts
      // after the first four (country + check digits are moved to the end).
      let j = i;
      let n = 0;
      let rem = 0;
      while (n < want && j < text.length) {
        const c = text.at(j);
        if (c === 32 && n > 0 && isAlnum(text.at(j + 1))) {
          j++;
          continue;
        }
        if (!isAlnum(c)) break;
        if (n >= 4) {
          const v = value(c);
          rem = (v > 9 ? rem * 100 + v : rem * 10 + v) % 97;
        }
        n++;
        j++;
      }
      if (n !== want || isAlnum(text.at(j))) continue;
      for (let k = i; k < i + 4; k++) {
        const v = value(text.at(k));
        rem = (v > 9 ? rem * 100 + v : rem * 10 + v) % 97;
      }
      if (rem !== 1) continue;
      text.mask(i, j);
      countHit(counts, 'iban');
      i = j - 1;
    }
  },
};
