import { isDigit } from './chars.js';
import type { MaskedText } from './masked-text.js';

/** Luhn checksum over the digits of text[start, end), ignoring separators. */
export function luhnValid(text: MaskedText, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = end - 1; i >= start; i--) {
    const c = text.at(i);
    if (!isDigit(c)) continue;
    let d = c - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
