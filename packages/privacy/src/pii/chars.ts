// Char-code predicates. The detectors walk text by char code so the hot path never allocates;
// these keep that code readable.

/** True for '0'..'9'. */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** True for ASCII letters. */
export const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** True for ASCII letters and digits. */
export const isAlnum = (c: number): boolean => isDigit(c) || isLetter(c);

/** True for ASCII word chars plus any non-ASCII char (letters of other scripts). */
export const isWordChar = (c: number): boolean => isAlnum(c) || c === 95 || c > 127;

/** True for what JavaScript's `\s` and `trim()` treat as whitespace (one UTF-16 unit). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}
