import { isAlnum, isDigit, isLetter, isSpace } from './chars.js';
import { countHit, type Detector } from './detector.js';
import type { MaskedText } from './masked-text.js';

const isHex = (c: number): boolean => isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 102);

/** Length of a dotted quad with every part 0–255 (no leading zeros) at `i`, or 0. */
function ipv4Length(text: MaskedText, i: number): number {
  let j = i;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (text.at(j) !== 46) return 0;
      j++;
    }
    const start = j;
    let value = 0;
    while (isDigit(text.at(j)) && j - start < 3) value = value * 10 + text.at(j++) - 48;
    const len = j - start;
    if (len === 0 || value > 255 || (len > 1 && text.at(start) === 48)) return 0;
  }
  // A fifth part or more digits means a longer dotted id, not an address.
  const after = text.at(j);
  if (isAlnum(after) || ((after === 46 || after === 44) && isDigit(text.at(j + 1)))) return 0;
  return j - i;
}

// How far back "version" is looked for: "version" plus a few spaces or colons.
const VERSION_WINDOW = 12;

/**
 * True when a version marker ends at `i`: "v", or "version" followed by spaces and colons, not
 * glued to a letter before it ("v10.4.1.2", "Version: 1.2.3.4"). Looks at most 12 chars back.
 */
function versionBefore(text: MaskedText, i: number): boolean {
  const from = Math.max(0, i - VERSION_WINDOW);
  const letterAt = (k: number): boolean => k >= from && isLetter(text.at(k));
  if (i - 1 >= from && (text.at(i - 1) | 32) === 118 && !letterAt(i - 2)) return true;
  let k = i;
  while (k > from && (isSpace(text.at(k - 1)) || text.at(k - 1) === 58)) k--;
  if (k - 7 < from) return false;
  for (let n = 0; n < 7; n++) if ((text.at(k - 7 + n) | 32) !== 'version'.charCodeAt(n)) return false;
  return !letterAt(k - 8);
}

/** Length of an IPv6 address at `i` (full, compressed, or with an embedded IPv4), or 0. */
function ipv6Length(text: MaskedText, i: number): number {
  let j = i;
  let groups = 0;
  let compressed = false;
  let hasDigit = false;
  for (;;) {
    if (text.at(j) === 58 && text.at(j + 1) === 58) {
      if (compressed) return 0;
      compressed = true;
      j += 2;
    } else if (groups > 0) {
      if (text.at(j) !== 58 || !isHex(text.at(j + 1))) break;
      j++;
    }
    const v4 = groups > 0 && groups <= 6 ? ipv4Length(text, j) : 0;
    if (v4 > 0) {
      j += v4;
      groups += 2;
      hasDigit = true;
      break;
    }
    const start = j;
    while (isHex(text.at(j)) && j - start < 5) {
      if (isDigit(text.at(j))) hasDigit = true;
      j++;
    }
    if (j - start > 4) return 0;
    if (j === start) {
      if (compressed && text.at(j - 1) === 58) break; // trailing "::"
      return 0;
    }
    groups++;
    if (groups > 8) return 0;
  }
  const after = text.at(j);
  if (isAlnum(after) || after === 95 || after === 58 || after === 46) return 0;
  // Compressed forms need two groups (or ::1) so C++ "a::b" and CSS "a::after" stay prose.
  const ok = compressed ? groups >= 2 || (groups === 1 && hasDigit) : groups === 8;
  return ok && hasDigit ? j - i : 0;
}

/** IPv4 and IPv6 addresses. Linear: each candidate reads at most ~45 chars. */
export const ipDetector: Detector = {
  name: 'ip',
  mayMatch: (s) => (s.dots >= 3 && s.digits >= 4) || s.colons >= 2,
  // A dotted quad, or two hex groups around a colon, or '::'.
  shape: /\d\.\d{1,3}\.\d{1,3}\.\d|[\da-f]:[\da-f]|::/i,
  mask(text, counts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.at(i);
      const prev = text.at(i - 1);
      if (!(isHex(c) || c === 58) || isAlnum(prev) || prev === 95 || prev === 46) continue;
      let len = isDigit(c) ? ipv4Length(text, i) : 0;
      if (len > 0 && versionBefore(text, i)) len = 0;
      // Never start an IPv6 mid-run: "10:30:45" read from "30" must not look compressed.
      if (len === 0 && prev !== 58) len = ipv6Length(text, i);
      if (len === 0) continue;
      text.mask(i, i + len);
      countHit(counts, 'ip');
      i += len - 1;
    }
  },
};
