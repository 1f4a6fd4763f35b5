import { cardDetector } from './pii/card.js';
import type { Detector, DetectorName, PiiCounts } from './pii/detector.js';
import { emailDetector } from './pii/email.js';
import { ibanDetector } from './pii/iban.js';
import { ipDetector } from './pii/ip.js';
import { MaskedText } from './pii/masked-text.js';
import { phoneDetector } from './pii/phone.js';
import { scanStats } from './pii/scan-stats.js';
import { secretDetector } from './pii/secret.js';
import { ssnDetector } from './pii/ssn.js';

// Order matters: each detector sees the text already masked by the ones before it, so the
// most specific shapes go first (a JWT or IBAN contains digit runs a phone or card rule could
// otherwise claim).
const DETECTORS: readonly Detector[] = [
  secretDetector,
  emailDetector,
  ibanDetector,
  cardDetector,
  ssnDetector,
  phoneDetector,
  ipDetector,
];

/** Names of every detector, in the order they run. */
export const DETECTOR_NAMES: readonly DetectorName[] = DETECTORS.map((d) => d.name);

/** Every space other than ASCII's that JavaScript's `\s` knows (see `isSpace`). */
const UNICODE_SPACES = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/**
 * Masks every detected piece of personal data in `text` (length-preserving), adding one per
 * hit to `counts`. Returns the same string when nothing was found.
 * Numbers typeset with other spaces (no-break U+00A0, thin U+2009, narrow no-break U+202F,
 * figure U+2007 …) are read as if written with plain spaces; the mask keeps the original ones.
 * Linear in the length of `text` (one stats pass, then one pass per detector that may match,
 * plus a copy and a merge for text with such spaces).
 * @example
 * const counts = {};
 * maskPii('Mail jane@example.com', counts) // 'Mail ****************'; counts → { email: 1 }
 */
export function maskPii(text: string, counts?: PiiCounts): string {
  // Nothing we detect fits in fewer than 6 chars (the shortest is an email like a@b.co).
  if (text.length < 6) return text;
  const stats = scanStats(text);
  // Detectors read plain spaces; replacing here keeps their per-char reads as cheap as before.
  const view = stats.unicodeSpace ? text.replace(UNICODE_SPACES, ' ') : text;
  let masked: MaskedText | null = null;
  for (const detector of DETECTORS) {
    if (!detector.mayMatch(stats) || (detector.shape !== undefined && !detector.shape.test(view))) continue;
    detector.mask((masked ??= new MaskedText(view)), counts);
  }
  if (masked === null) return text;
  const out = masked.toString();
  return view === text ? out : keepSpaces(text, out);
}

/** `text` with the '*' of `masked` (the same text, masked over plain spaces) copied in. */
function keepSpaces(text: string, masked: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if (masked.charCodeAt(i) !== 42 || text.charCodeAt(i) === 42) continue;
    let end = i + 1;
    while (end < text.length && masked.charCodeAt(end) === 42 && text.charCodeAt(end) !== 42) end++;
    out += text.slice(last, i) + masked.slice(i, end);
    last = end;
    i = end - 1;
  }
  return out + text.slice(last);
}

/** True when `text` contains anything `maskPii` would mask. */
export function hasPii(text: string): boolean {
  return maskPii(text) !== text;
}
