import type { DetectorName } from '../pii/detector.js';

/**
 * What a redaction was: a detector hit, a form value, a URL changed, a text or attribute masked
 * whole (strict, data-veil-mask), a blocked element stripped of content, or a string too long
 * to scan as text, masked whole (`oversize`, see MAX_SCANNED_TEXT_CHARS).
 */
export type RedactionKind = DetectorName | 'form' | 'url' | 'text' | 'block' | 'oversize';

/** Redactions per kind, e.g. for a session's `privacyRedactions` and per-detector metrics. */
export type RedactionCounts = Record<RedactionKind, number>;

/** A zeroed counter object (all keys present, so increments keep one object shape). */
export function createCounts(): RedactionCounts {
  return { email: 0, card: 0, phone: 0, ssn: 0, iban: 0, ip: 0, secret: 0, form: 0, url: 0, text: 0, block: 0, oversize: 0 };
}

/** Sets every counter back to zero. */
export function resetCounts(counts: RedactionCounts): void {
  for (const key in counts) counts[key as RedactionKind] = 0;
}
