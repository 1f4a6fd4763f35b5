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

/**
 * Masks every detected piece of personal data in `text` (length-preserving), adding one per
 * hit to `counts`. Returns the same string when nothing was found.
 * Linear in the length of `text` (one stats pass, then one pass per detector that may match).
 * @example
 * const counts = {};
 * maskPii('Mail jane@example.com', counts) // 'Mail ****************'; counts → { email: 1 }
 */
export function maskPii(text: string, counts?: PiiCounts): string {
  // Nothing we detect fits in fewer than 6 chars (the shortest is an email like a@b.co).
  if (text.length < 6) return text;
  const stats = scanStats(text);
  let masked: MaskedText | null = null;
  for (const detector of DETECTORS) {
    if (!detector.mayMatch(stats) || (detector.shape !== undefined && !detector.shape.test(text))) continue;
    detector.mask((masked ??= new MaskedText(text)), counts);
  }
  return masked === null ? text : masked.toString();
}

/** True when `text` contains anything `maskPii` would mask. */
export function hasPii(text: string): boolean {
  return maskPii(text) !== text;
}
