import { codeAt, isAlnum, isDigit } from './chars.js';
import { countHit, maskSpan, type Detector } from './detector.js';

const isHex = (c: number): boolean => isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 102);

/** Length of a dotted quad with every part 0–255 (no leading zeros) at `i`, or 0. */
function ipv4Length(text: string, i: number): number {
  let j = i;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (codeAt(text, j) !== 46) return 0;
      j++;
    }
    const start = j;
    let value = 0;
    while (isDigit(codeAt(text, j)) && j - start < 3) value = value * 10 + text.charCodeAt(j++) - 48;
    const len = j - start;
    if (len === 0 || value > 255 || (len > 1 && text.charCodeAt(start) === 48)) return 0;
  }
  // A fifth part or more digits means a longer dotted id, not an address.
  const after = codeAt(text, j);
  if (isAlnum(after) || ((after === 46 || after === 44) && isDigit(codeAt(text, j + 1)))) return 0;
  return j - i;
}

// "v10.4.1.2", "version 1.2.3.4", "Version: 1.2.3.4" are versions, not addresses.
const VERSION_BEFORE = /(?:^|[^A-Za-z])(?:v|version[\s:]*)$/i;

/** Length of an IPv6 address at `i` (full, compressed, or with an embedded IPv4), or 0. */
function ipv6Length(text: string, i: number): number {
  let j = i;
  let groups = 0;
  let compressed = false;
  let hasDigit = false;
  for (;;) {
    if (codeAt(text, j) === 58 && codeAt(text, j + 1) === 58) {
      if (compressed) return 0;
      compressed = true;
      j += 2;
    } else if (groups > 0) {
      if (codeAt(text, j) !== 58 || !isHex(codeAt(text, j + 1))) break;
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
    while (isHex(codeAt(text, j)) && j - start < 5) {
      if (isDigit(text.charCodeAt(j))) hasDigit = true;
      j++;
    }
    if (j - start > 4) return 0;
    if (j === start) {
      if (compressed && codeAt(text, j - 1) === 58) break; // trailing "::"
      return 0;
    }
    groups++;
    if (groups > 8) return 0;
  }
  const after = codeAt(text, j);
  if (isAlnum(after) || after === 95 || after === 58 || after === 46) return 0;
  // Compressed forms need two groups (or ::1) so C++ "a::b" and CSS "a::after" stay prose.
  const ok = compressed ? groups >= 2 || (groups === 1 && hasDigit) : groups === 8;
  return ok && hasDigit ? j - i : 0;
}

/** IPv4 and IPv6 addresses. */
export const ipDetector: Detector = {
  name: 'ip',
  mayMatch: (s) => (s.dots >= 3 && s.digits >= 4) || s.colons >= 2,
  mask(text, counts) {
    let out = text;
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      const prev = codeAt(out, i - 1);
      if (!(isHex(c) || c === 58) || isAlnum(prev) || prev === 95 || prev === 46) continue;
      let len = isDigit(c) ? ipv4Length(out, i) : 0;
      if (len > 0 && VERSION_BEFORE.test(out.slice(Math.max(0, i - 12), i))) len = 0;
      // Never start an IPv6 mid-run: "10:30:45" read from "30" must not look compressed.
      if (len === 0 && prev !== 58) len = ipv6Length(out, i);
      if (len === 0) continue;
      out = maskSpan(out, i, i + len);
      countHit(counts, 'ip');
      i += len - 1;
    }
    return out;
  },
};
