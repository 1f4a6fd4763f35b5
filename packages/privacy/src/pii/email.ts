import { codeAt, isAlnum, isLetter } from './chars.js';
import { countHit, maskSpan, type Detector } from './detector.js';

// Local part: letters/digits of any script plus the usual punctuation (RFC 5322 "atext" subset;
// '%' is left out so a preceding percent-escape like "%20" is not swallowed).
const isLocalChar = (c: number): boolean =>
  isAlnum(c) || c > 127 || c === 46 || c === 95 || c === 43 || c === 45 || c === 39;
const isDomainChar = (c: number): boolean => isAlnum(c) || c > 127 || c === 46 || c === 45;

// `logo@2x.png` and `icon@1.5x.svg` are retina asset names, not addresses.
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'css', 'js', 'mjs', 'map', 'woff', 'woff2', 'ttf']);

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
      while (start < i && codeAt(out, start) === 46) start++;
      if (start === i) continue;
      let end = i + sepLen;
      let lastDot = -1;
      while (end < out.length && isDomainChar(out.charCodeAt(end))) {
        if (out.charCodeAt(end) === 46) lastDot = end;
        end++;
      }
      // A sentence full stop or a trailing hyphen is not part of the domain.
      while (end > i + sepLen && (codeAt(out, end - 1) === 46 || codeAt(out, end - 1) === 45)) {
        end--;
        if (lastDot === end) lastDot = out.lastIndexOf('.', end - 1);
      }
      if (lastDot <= i + sepLen || end - lastDot < 3) continue;
      let tldOk = true;
      for (let k = lastDot + 1; k < end; k++) if (!isLetter(out.charCodeAt(k)) && out.charCodeAt(k) <= 127) tldOk = false;
      if (!tldOk || FILE_TLDS.has(out.slice(lastDot + 1, end).toLowerCase())) continue;
      out = maskSpan(out, start, end);
      countHit(counts, 'email');
      i = end - 1;
    }
    return out;
  },
};
