import { isAlnum, isLetter } from './chars.js';
import { countHit, type Detector } from './detector.js';
import type { MaskedText } from './masked-text.js';

// Local part: letters/digits of any script plus the usual punctuation (RFC 5322 "atext" subset;
// '%' is left out so a preceding percent-escape like "%20" is not swallowed).
const isLocalChar = (c: number): boolean =>
  isAlnum(c) || c > 127 || c === 46 || c === 95 || c === 43 || c === 45 || c === 39;
const isDomainChar = (c: number): boolean => isAlnum(c) || c > 127 || c === 46 || c === 45;

// `logo@2x.png` is a retina asset, and `jane@example.com.png` an avatar named after an address.
const FILE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'css', 'js', 'mjs', 'map', 'woff', 'woff2', 'ttf'];

/** True when text[from, end) is one of FILE_EXTENSIONS, in any case (compared without allocating). */
function isFileExtension(text: MaskedText, from: number, end: number): boolean {
  next: for (const ext of FILE_EXTENSIONS) {
    if (ext.length !== end - from) continue;
    for (let k = 0; k < ext.length; k++) {
      const c = text.at(from + k);
      // Lower-cases ASCII letters only: no other char lower-cases to one of these.
      if ((isLetter(c) ? c | 32 : c) !== ext.charCodeAt(k)) continue next;
    }
    return true;
  }
  return false;
}

/** True when text[from, end) is a TLD: 2+ letters (any script). */
function isTld(text: MaskedText, from: number, end: number): boolean {
  if (end - from < 2) return false;
  for (let k = from; k < end; k++) {
    const c = text.at(k);
    if (!isLetter(c) && c <= 127) return false;
  }
  return true;
}

/** The last '.' in text(from, end), or -1; never looks before `from` (that was quadratic). */
function lastDot(text: MaskedText, from: number, end: number): number {
  for (let k = end - 1; k > from; k--) if (text.at(k) === 46) return k;
  return -1;
}

/**
 * End of the address whose domain starts at `domainStart` and runs (at most) to `end`, or -1.
 * A file extension after the domain is not part of it.
 */
function domainEnd(text: MaskedText, domainStart: number, end: number): number {
  let e = end;
  // A sentence full stop or a trailing hyphen is not part of the domain.
  while (e > domainStart && (text.at(e - 1) === 46 || text.at(e - 1) === 45)) e--;
  let dot = lastDot(text, domainStart, e);
  if (dot < 0 || !isTld(text, dot + 1, e)) return -1;
  if (isFileExtension(text, dot + 1, e)) {
    e = dot;
    dot = lastDot(text, domainStart, e);
    if (dot < 0 || !isTld(text, dot + 1, e)) return -1;
  }
  return e;
}

/**
 * Emails, including the percent-encoded `%40` form found in URLs and JSON blobs. Linear: the
 * local part walked back from a separator and the domain walked forward from it both stop at
 * the next separator ('@' and '%' are neither local nor domain chars), so no char is walked
 * by two candidates.
 */
export const emailDetector: Detector = {
  name: 'email',
  mayMatch: (s) => s.at && s.dots > 0,
  mask(text, counts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.at(i);
      let sepLen = 0;
      if (c === 64) sepLen = 1;
      else if (c === 37 && text.at(i + 1) === 52 && text.at(i + 2) === 48) sepLen = 3;
      if (sepLen === 0) continue;
      let start = i;
      while (start > 0 && isLocalChar(text.at(start - 1))) start--;
      while (start < i && text.at(start) === 46) start++;
      if (start === i) continue;
      let end = i + sepLen;
      while (end < text.length && isDomainChar(text.at(end))) end++;
      end = domainEnd(text, i + sepLen, end);
      if (end < 0) continue;
      text.mask(start, end);
      countHit(counts, 'email');
      i = end - 1;
    }
  },
};
