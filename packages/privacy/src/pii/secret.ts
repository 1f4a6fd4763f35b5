import { isAlnum, isDigit, isLetter, isSpace } from './chars.js';
import { countHit, type Detector } from './detector.js';
import type { MaskedText } from './masked-text.js';

// Character classes of the credential shapes below.
const isWord = (c: number): boolean => isAlnum(c) || c === 95; // \w
const isWordOrDash = (c: number): boolean => isWord(c) || c === 45; // [\w-]
const isUpperAlnum = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90); // [0-9A-Z]
const isAlnumOrDash = (c: number): boolean => isAlnum(c) || c === 45; // [0-9A-Za-z-]
const isTokenChar = (c: number): boolean => isWord(c) || c === 46 || c === 126 || c === 43 || c === 47 || c === 45; // [\w.~+/-]

/** True when text at `i` starts with `prefix` (ASCII, case-sensitive). */
function startsWith(text: MaskedText, i: number, prefix: string): boolean {
  for (let k = 0; k < prefix.length; k++) if (text.at(i + k) !== prefix.charCodeAt(k)) return false;
  return true;
}

/** End of the run of `is` chars starting at `i` (i itself when none). */
function runEnd(text: MaskedText, i: number, is: (c: number) => boolean): number {
  let j = i;
  while (is(text.at(j))) j++;
  return j;
}

/** End of a `prefix` + at least `min` `is` chars at `i` (the whole run), or -1. */
function prefixedRun(text: MaskedText, i: number, prefix: string, min: number, is: (c: number) => boolean): number {
  if (!startsWith(text, i, prefix)) return -1;
  const end = runEnd(text, i + prefix.length, is);
  return end - (i + prefix.length) >= min ? end : -1;
}

/** JWT: eyJ…(5+).eyJ…(5+).… — header and payload are base64url JSON. */
function jwtEnd(text: MaskedText, i: number): number {
  const header = prefixedRun(text, i, 'eyJ', 5, isWordOrDash);
  if (header < 0 || text.at(header) !== 46) return -1;
  const payload = prefixedRun(text, header + 1, 'eyJ', 5, isWordOrDash);
  if (payload < 0 || text.at(payload) !== 46) return -1;
  return runEnd(text, payload + 1, isWordOrDash);
}

/** Stripe (sk_live_…), GitHub (ghp_…, github_pat_…), AWS (AKIA…), Slack (xoxb-…) keys. */
function vendorKeyEnd(text: MaskedText, i: number): number {
  const c = text.at(i);
  if (c === 115 || c === 112 || c === 114) {
    // sk_, pk_, rk_ then live_ or test_
    if (text.at(i + 1) !== 107 || text.at(i + 2) !== 95) return -1;
    if (!startsWith(text, i + 3, 'live_') && !startsWith(text, i + 3, 'test_')) return -1;
    return prefixedRun(text, i + 8, '', 10, isAlnum);
  }
  if (c === 103) {
    const kind = text.at(i + 2);
    if (text.at(i + 1) === 104 && (kind === 112 || kind === 111 || kind === 117 || kind === 115 || kind === 114) && text.at(i + 3) === 95) {
      return prefixedRun(text, i + 4, '', 30, isAlnum); // ghp_ gho_ ghu_ ghs_ ghr_
    }
    return prefixedRun(text, i, 'github_pat_', 30, isWord);
  }
  if (c === 65) {
    if (!startsWith(text, i, 'AKIA') && !startsWith(text, i, 'ASIA')) return -1;
    for (let k = i + 4; k < i + 20; k++) if (!isUpperAlnum(text.at(k))) return -1;
    return isAlnum(text.at(i + 20)) ? -1 : i + 20;
  }
  if (c === 120) {
    const kind = text.at(i + 3);
    if (!startsWith(text, i, 'xox') || !(kind === 97 || kind === 98 || kind === 112 || kind === 111 || kind === 115 || kind === 114)) return -1;
    return prefixedRun(text, i + 4, '-', 10, isAlnumOrDash);
  }
  return -1;
}

/** True when text[k-6, k) is "Bearer" or "bearer" at a word start. */
function bearerEndsAt(text: MaskedText, k: number): boolean {
  const b = text.at(k - 6);
  return (b === 66 || b === 98) && startsWith(text, k - 5, 'earer') && !isWord(text.at(k - 7));
}

/**
 * API keys and tokens: JWTs, Stripe, GitHub, AWS, Slack, and `Bearer` credentials (only the
 * token is masked, so the header name stays readable). A key starts where no [\w-] char is
 * before it. Linear: each shape is a fixed prefix plus one run that no other candidate can
 * start inside, and whether "Bearer" precedes a run of whitespace is decided once per run
 * (a look-behind over the run at every position of it was quadratic).
 */
export const secretDetector: Detector = {
  name: 'secret',
  mayMatch: (s) => s.longestToken >= 12,
  // The fixed start of each shape below (for Bearer, the header name and a whitespace char).
  shape: /eyJ|[spr]k_|gh[pousr]_|github_pat_|A[KS]IA|xox[abposr]-|[Bb]earer\s/,
  mask(text, counts) {
    let afterBearer = false; // the whitespace run ending before i follows "Bearer"
    for (let i = 0; i < text.length; i++) {
      const prev = text.at(i - 1);
      const inSpaceRun = isSpace(prev);
      // Matches contain no whitespace, so the first position after each whitespace run's
      // first char is always visited: that is where the run's verdict is taken.
      if (inSpaceRun && !isSpace(text.at(i - 2))) afterBearer = bearerEndsAt(text, i - 1);
      let end = -1;
      if (!isWordOrDash(prev)) {
        const c = text.at(i);
        end = c === 101 ? jwtEnd(text, i) : vendorKeyEnd(text, i);
      }
      if (end < 0 && inSpaceRun && afterBearer) {
        const run = runEnd(text, i, isTokenChar);
        if (run - i >= 12) end = runEnd(text, run, (c) => c === 61);
      }
      if (end < 0) continue;
      text.mask(i, end);
      countHit(counts, 'secret');
      i = end - 1;
    }
  },
};
