import { isDigit, isSpace } from './chars.js';

/**
 * What one pass over a string learned about it. Detectors only run when these counts say a
 * candidate is possible, so ordinary text costs one charCodeAt loop and no allocation.
 */
export interface ScanStats {
  digits: number;
  letters: number;
  dots: number;
  colons: number;
  /** '@' or a '%' that could start '%40'. */
  at: boolean;
  /** Longest run of token characters [A-Za-z0-9_.~+/=-]. */
  longestToken: number;
  /** Saw two letters followed by two digits (how an IBAN starts). */
  lettersThenDigits: boolean;
  /** Saw a space other than ASCII (no-break, thin, narrow no-break, figure …). */
  unicodeSpace: boolean;
}

// Reused between calls: the scrubber is single-threaded and the scan never re-enters.
const stats: ScanStats = { digits: 0, letters: 0, dots: 0, colons: 0, at: false, longestToken: 0, lettersThenDigits: false, unicodeSpace: false };

/** Scans `text` once and returns the shared stats object (valid until the next call). */
export function scanStats(text: string): ScanStats {
  let digits = 0;
  let letters = 0;
  let dots = 0;
  let colons = 0;
  let at = false;
  let run = 0;
  let longest = 0;
  let letterRun = 0; // consecutive letters ending here
  let digitsAfterLetters = 0; // digits right after 2+ letters
  let lettersThenDigits = false;
  let unicodeSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 32;
    if (isDigit(c)) {
      digits++;
      run++;
      if (letterRun >= 2 || digitsAfterLetters > 0) {
        if (++digitsAfterLetters >= 2) lettersThenDigits = true;
      }
      letterRun = 0;
      continue;
    }
    digitsAfterLetters = 0;
    if (lower >= 97 && lower <= 122) {
      letters++;
      run++;
      letterRun++;
      continue;
    }
    letterRun = 0;
    if (c === 46) {
      dots++;
      run++;
    } else if (c === 95 || c === 45 || c === 126 || c === 43 || c === 47 || c === 61) {
      run++;
    } else {
      if (run > longest) longest = run;
      run = 0;
      if (c === 58) colons++;
      else if (c === 64 || c === 37) at = true;
      else if (c >= 160 && isSpace(c)) unicodeSpace = true;
    }
  }
  stats.digits = digits;
  stats.letters = letters;
  stats.dots = dots;
  stats.colons = colons;
  stats.at = at;
  stats.longestToken = run > longest ? run : longest;
  stats.lettersThenDigits = lettersThenDigits;
  stats.unicodeSpace = unicodeSpace;
  return stats;
}
