import type { ScanStats } from './scan-stats.js';

/** The classes of personal data Veil detects in free text. */
export type DetectorName = 'email' | 'card' | 'phone' | 'ssn' | 'iban' | 'ip' | 'secret';

/** Per-detector hit counters; absent keys count as zero. */
export type PiiCounts = { [K in DetectorName]?: number };

/** A detector: a cheap gate on the scan stats, then a precise search that masks every hit. */
export interface Detector {
  readonly name: DetectorName;
  /** Whether a candidate is possible at all; must not allocate. */
  readonly mayMatch: (stats: ScanStats) => boolean;
  /** Returns `text` with each hit masked (same reference when none) and adds hits to `counts`. */
  readonly mask: (text: string, counts: PiiCounts | undefined) => string;
}

/** Masks text[start, end) length-preservingly: '*' per char, whitespace kept. */
export function maskSpan(text: string, start: number, end: number): string {
  let out = text.slice(0, start);
  for (let i = start; i < end; i++) {
    const ch = text[i] as string;
    out += ch.trim() === '' ? ch : '*';
  }
  return out + text.slice(end);
}

/** Adds one hit for `name`. */
export function countHit(counts: PiiCounts | undefined, name: DetectorName): void {
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}
