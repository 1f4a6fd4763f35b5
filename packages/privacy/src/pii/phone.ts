import { isAlnum, isDigit } from './chars.js';
import { countHit, type Detector } from './detector.js';
import type { MaskedText } from './masked-text.js';

const MAX_GROUPS = 8;
// Longest digit group; reading stops one past it, so a candidate reads a bounded number of chars.
const MAX_GROUP_DIGITS = 12;
// An international number may be written without separators: E.164 allows 15 digits in all.
const MAX_E164_DIGITS = 15;
// Scratch for the candidate being read; reused so the scan never allocates.
const groupLen = new Int32Array(MAX_GROUPS);
const groupStart = new Int32Array(MAX_GROUPS);
const cand = { end: 0, skipTo: 0, groups: 0, digits: 0, plus: false, parenFirst: false, sep: -1 };

const isSep = (c: number): boolean => c === 32 || c === 45 || c === 46 || c === 47;
// A digit run glued to these is a decimal, a range, a path, a unicode-range (U+0152) or an id.
const isGlueBefore = (c: number): boolean =>
  isAlnum(c) || c === 46 || c === 44 || c === 45 || c === 47 || c === 43 || c === 95;

/**
 * Reads digit groups from `i` (a '+', '(' or digit) into the scratch. International numbers
 * may mix separators and parentheses; national ones keep one separator, so "01.02.2024 10"
 * stops at the space.
 */
function readCandidate(text: MaskedText, i: number): boolean {
  let j = i;
  cand.plus = text.at(j) === 43;
  if (cand.plus) j++;
  // "00" then a country code (1-9) is the international prefix written out: 0049 30 12345678.
  else if (text.at(j) === 48 && text.at(j + 1) === 48 && text.at(j + 2) > 48 && text.at(j + 2) <= 57) {
    cand.plus = true;
    j += 2;
  }
  const maxGroup = cand.plus ? MAX_E164_DIGITS : MAX_GROUP_DIGITS;
  cand.groups = 0;
  cand.digits = 0;
  cand.parenFirst = false;
  cand.sep = -1;
  let afterParen = false;
  for (;;) {
    const paren = text.at(j) === 40;
    if (paren) j++;
    const start = j;
    while (isDigit(text.at(j)) && j - start <= maxGroup) j++;
    const len = j - start;
    if (len === 0 || len > maxGroup) return false;
    if (cand.groups === MAX_GROUPS) {
      // Too many groups: a number starting inside this run would read the same groups again
      // (once per start, 8 groups each), so the walk resumes past them.
      cand.skipTo = j;
      return false;
    }
    if (paren) {
      if (text.at(j) !== 41 || len > 4) return false;
      j++;
      if (cand.groups === 0) cand.parenFirst = true;
    }
    groupStart[cand.groups] = start;
    groupLen[cand.groups++] = len;
    cand.digits += len;
    const c = text.at(j);
    // ") " and ")-" count as one separator; "(0)30" needs none.
    if (paren && (isDigit(c) || ((c === 32 || c === 45) && isDigit(text.at(j + 1))))) {
      if (!isDigit(c)) j++;
      afterParen = true;
      continue;
    }
    const next = text.at(j + 1);
    if (!isSep(c) || !(isDigit(next) || (cand.plus && next === 40))) break;
    if (!cand.plus && !afterParen) {
      if (cand.sep === -1) cand.sep = c;
      else if (c !== cand.sep) break;
    }
    j++;
  }
  cand.end = j;
  return true;
}

function allPairs(groups: number): boolean {
  for (let g = 0; g < groups; g++) if (groupLen[g] !== 2) return false;
  return true;
}

/** Whether the groups just read form a phone number in one of the supported shapes. */
function isPhoneShape(text: MaskedText): boolean {
  const { groups, digits, sep } = cand;
  const first = groupLen[0] ?? 0;
  // International (+ or 00): E.164 is 8-15 digits; one ungrouped run needs 10+ (tel:+4930…).
  if (cand.plus) return digits >= 8 && digits <= MAX_E164_DIGITS && (groups > 1 || digits >= 10);
  // A trunk prefix is one 0 followed by a real digit ("00 00 00 00 00" is a hex dump).
  const d0 = groupStart[0] ?? 0;
  const leadingZero = text.at(d0) === 48 && text.at(d0 + 1) > 48 && text.at(d0 + 1) <= 57;
  if (groups < 2) return false;
  // Dotted quads and versions are dots too; only French-style pairs (06.12.34.56.78) qualify.
  if (sep === 46 && groups > 3 && !(leadingZero && allPairs(groups))) return false;
  if (cand.parenFirst) return digits >= 9 && digits <= 12;
  if (sep === 47) return groups === 2 && leadingZero && digits >= 9 && digits <= 12;
  // NANP: 415-555-2671, 1-800-555-0199 (area codes never start with 0 or 1).
  const us = groups === 3 ? 0 : groups === 4 && first === 1 ? 1 : -1;
  if (us >= 0 && groupLen[us] === 3 && groupLen[us + 1] === 3 && groupLen[us + 2] === 4) {
    const area = text.at(groupStart[us] ?? 0);
    return area >= 50 && area <= 57;
  }
  // Trunk-prefix national numbers: 020 7946 0958, 06 12 34 56 78, 0151 23456789, 02 123 45 67.
  // Dashed part numbers look alike (04-2233-118), so dashed ones need the usual 10+ digits.
  const min = sep === 45 ? 10 : 9;
  return leadingZero && first >= 2 && first <= 5 && digits >= min && digits <= 12;
}

/**
 * Phone numbers: international (+… or 00…, with or without separators), NANP and trunk-0
 * national formats. Linear: a candidate reads at most 8 groups of at most 16 digits, and the
 * walk resumes after it.
 */
export const phoneDetector: Detector = {
  name: 'phone',
  mayMatch: (s) => s.digits >= 8,
  mask(text, counts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.at(i);
      if (!(isDigit(c) || c === 43 || c === 40) || isGlueBefore(text.at(i - 1))) continue;
      cand.skipTo = 0;
      if (!readCandidate(text, i)) {
        if (cand.skipTo > i) i = cand.skipTo - 1;
        continue;
      }
      const end = cand.end;
      const after = text.at(end);
      const glued = isAlnum(after) || ((after === 46 || after === 44) && isDigit(text.at(end + 1)));
      if (!glued && isPhoneShape(text)) {
        text.mask(i, end);
        countHit(counts, 'phone');
      }
      i = end - 1;
    }
  },
};
