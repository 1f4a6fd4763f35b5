import { codeAt, isAlnum, isLetter } from './chars.js';
import { countHit, maskSpan, type Detector } from './detector.js';

// Local part: letters/digits of any script plus the usual punctuation (RFC 5322 "atext" subset;
// '%' is left out so a preceding percent-escape like "%20" is not swallowed).
const isLocalChar = (c: number): boolean =>
  isAlnum(c) || c > 127 || c === 46 || c === 95 || c === 43 || c === 45 || c === 39;
const isDomainChar = (c: number): boolean => isAlnum(c) || c > 127 || c === 46 || c === 45;

// `logo@2x.png` is a retina asset, and `jane@example.com.png` an avatar named after an address.
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'css', 'js', 'mjs', 'map', 'woff', 'woff2', 'ttf']);

/** True when text[from, end) is a TLD: 2+ letters (any script). */
function isTld(text: string, from: number, end: number): boolean {
  if (end - from < 2) return false;
  for (let k = from; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!isLetter(c) && c <= 127) return false;
  }
  return true;
}

/**
 * End of the address whose domain starts at `domainStart` and runs (at most) to `end`, or -1.
 * A file extension after the domain is not part of it.
 */
function domainEnd(text: string, domainStart: number, end: number): number {
  let e = end;
  // A sentence full stop or a trailing hyphen is not part of the domain.
  while (e > domainStart && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
  let dot = text.lastIndexOf('.', e - 1);
  if (dot <= domainStart || !isTld(text, dot + 1, e)) return -1;
  if (FILE_EXTENSIONS.has(text.slice(dot + 1, e).toLowerCase())) {
    e = dot;
    dot = text.lastIndexOf('.', e - 1);
    if (dot <= domainStart || !isTld(text, dot + 1, e)) return -1;
  }
  return e;
}

/** Emails, including the percent-encoded `%40` form found in URLs and JSON blobs. */
export const emailDetector: Detector = {
  name: 'email',
  mayMatch: (s) => s.at && s.dots > 0,
  mask(text, counts) {
    let out = text;
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      let sepLen = 0;
      if (c === 64) sepLen = 1;
      else if (c === 37 && out.charCodeAt(i + 1) === 52 && out.charCodeAt(i + 2) === 48) sepLen = 3;
      if (sepLen === 0) continue;
      let start = i;
      while (start > 0 && isLocalChar(codeAt(out, start - 1))) start--;
      while (start < i && out.charCodeAt(start) === 46) start++;
      if (start === i) continue;
      let end = i + sepLen;
      while (end < out.length && isDomainChar(out.charCodeAt(end))) end++;
      end = domainEnd(out, i + sepLen, end);
      if (end < 0) continue;
      out = maskSpan(out, start, end);
      countHit(counts, 'email');
      i = end - 1;
    }
    return out;
  },
};
