// Char-code predicates. The detectors walk strings with charCodeAt so the hot path never
// allocates; these keep that code readable.

/** True for '0'..'9'. */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** True for ASCII letters. */
export const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** True for ASCII letters and digits. */
export const isAlnum = (c: number): boolean => isDigit(c) || isLetter(c);

/** True for ASCII word chars plus any non-ASCII char (letters of other scripts). */
export const isWordChar = (c: number): boolean => isAlnum(c) || c === 95 || c > 127;

/** charCodeAt that returns -1 out of range (NaN would make every predicate false anyway). */
export const codeAt = (s: string, i: number): number => (i >= 0 && i < s.length ? s.charCodeAt(i) : -1);
