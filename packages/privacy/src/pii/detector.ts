import type { MaskedText } from './masked-text.js';
import type { ScanStats } from './scan-stats.js';

/** The classes of personal data Veil detects in free text. */
export type DetectorName = 'email' | 'card' | 'phone' | 'ssn' | 'iban' | 'ip' | 'secret';

/** Per-detector hit counters; absent keys count as zero. */
export type PiiCounts = { [K in DetectorName]?: number };

/**
 * A detector: a cheap gate on the scan stats, then a precise search that masks every hit.
 * Every search is linear in the text: one left-to-right walk, each char looked at a bounded
 * number of times (no regular expressions, no look-behind that walks back over a run, no
 * rescan per hit). test/linear-time.test.ts holds each detector to that.
 */
export interface Detector {
  readonly name: DetectorName;
  /** Whether a candidate is possible at all; must not allocate. */
  readonly mayMatch: (stats: ScanStats) => boolean;
  /**
   * A second gate, tested on the original string: a short fixed-length shape that every hit
   * contains (so no backtracking: a bounded number of chars tried per position). Masked chars
   * are never part of a hit, so the original has the shape wherever the masked text does. It
   * lets the native regular-expression engine skip ordinary text faster than a walk by char.
   */
  readonly shape?: RegExp;
  /** Masks each hit in `text` (in place) and adds hits to `counts`. */
  readonly mask: (text: MaskedText, counts: PiiCounts | undefined) => void;
}

/** Adds one hit for `name`. */
export function countHit(counts: PiiCounts | undefined, name: DetectorName): void {
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}
