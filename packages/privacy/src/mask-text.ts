/** Shown instead of never-unmask field values; fixed so the value's length is not revealed. */
export const FIXED_MASK = '********';

const NON_SPACE = /\S/g;
const ONLY_MASK = /^[*\s]*$/;

/**
 * Length-preserving mask: every non-whitespace UTF-16 unit becomes '*', whitespace is kept so a
 * replay keeps its line breaks and layout.
 * @example maskText('Jane Doe\n42') // '**** ***\n**'
 */
export function maskText(text: string): string {
  return isMasked(text) ? text : text.replace(NON_SPACE, '*');
}

/** True when `text` is already a mask (only '*' and whitespace, or empty). */
export function isMasked(text: string): boolean {
  return ONLY_MASK.test(text);
}
