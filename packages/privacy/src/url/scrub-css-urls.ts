/** Cheap first test: CSS without one of these holds no URL this scanner would touch. */
const MAY_HOLD_URL = /url\(|@import|image-set\(/i;

/** True when `text` may hold a URL that `scrubCssUrls` would scrub (native searches only). */
export const mayHoldCssUrl = (text: string): boolean =>
  (text.indexOf('(') !== -1 || text.indexOf('@') !== -1) && MAY_HOLD_URL.test(text);

/** True when css[i, i + word.length) is `word` (ASCII letters compared in any case). */
function startsWithAt(css: string, i: number, word: string): boolean {
  if (i + word.length > css.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = css.charCodeAt(i + k);
    const w = word.charCodeAt(k);
    if (c !== w && (c | 32) !== w) return false;
  }
  return true;
}

const isCssSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** End (exclusive, past the closing quote) of the string whose opening quote is at `i`. */
function stringEnd(css: string, i: number): number {
  const quote = css.charCodeAt(i);
  let j = i + 1;
  while (j < css.length) {
    const c = css.charCodeAt(j);
    if (c === 92) j += 2; // a backslash escapes the next char
    else if (c === quote) return j + 1;
    else if (c === 10) return j; // an unclosed string ends at the line break
    else j++;
  }
  return css.length;
}

/**
 * Applies `scrub` to every URL written in CSS text: `url(…)` (quoted or not), the strings of
 * `image-set(…)` / `-webkit-image-set(…)` and the string of `@import "…"`, so a query value or a
 * credential in a stylesheet is treated like the same URL in an `href`. Everything else is
 * kept as written; comments and other strings are skipped whole.
 * Linear: one left-to-right walk; every char is read a bounded number of times (a URL or
 * string once to find its end, once more by `scrub`, which is linear itself).
 * Not understood: CSS escapes in the function name (`u\72l(`), which no page writes by hand.
 * @example scrubCssUrls('a{background:url("/i.png?u=jane")}', scrubUrl) // 'a{background:url("/i.png?u=redacted")}'
 */
export function scrubCssUrls(css: string, scrub: (url: string) => string): string {
  if (!mayHoldCssUrl(css)) return css;
  let out = '';
  let last = 0; // css[last, i) not yet copied to `out`
  let depth = 0; // parentheses open
  let imageSetDepth = -1; // depth of the image-set( whose strings are URLs, or -1
  let importPending = false; // after @import, before its URL or the end of the rule
  /** Replaces css[start, end) by its scrubbed form when that differs. */
  const replace = (start: number, end: number): void => {
    const url = css.slice(start, end);
    const scrubbed = scrub(url);
    if (scrubbed === url) return;
    out += css.slice(last, start) + scrubbed;
    last = end;
  };
  let i = 0;
  while (i < css.length) {
    const c = css.charCodeAt(i);
    if (c === 47 && css.charCodeAt(i + 1) === 42) {
      const close = css.indexOf('*/', i + 2);
      i = close === -1 ? css.length : close + 2;
    } else if (c === 34 || c === 39) {
      const end = stringEnd(css, i);
      if (importPending || (imageSetDepth !== -1 && depth === imageSetDepth)) {
        const closed = end > i + 1 && css.charCodeAt(end - 1) === c;
        replace(i + 1, closed ? end - 1 : end);
        importPending = false;
      }
      i = end;
    } else if (c === 92) {
      i += 2; // an escaped char outside a string
    } else if ((c | 32) === 117 && startsWithAt(css, i, 'url(')) {
      i = scrubUrlToken(css, i + 4, replace);
      importPending = false;
    } else if ((c | 32) === 105 && startsWithAt(css, i, 'image-set(')) {
      depth++;
      if (imageSetDepth === -1) imageSetDepth = depth;
      i += 10;
    } else if (c === 64 && startsWithAt(css, i, '@import')) {
      importPending = true;
      i += 7;
    } else {
      if (c === 40) depth++;
      else if (c === 41) {
        if (depth === imageSetDepth) imageSetDepth = -1;
        if (depth > 0) depth--;
      } else if (c === 59 || c === 123 || c === 125) importPending = false;
      i++;
    }
  }
  return last === 0 ? css : out + css.slice(last);
}

/**
 * Scrubs the URL of a `url(` whose argument starts at `i`; answers the index past its `)`.
 * The argument is a quoted string or, unquoted, runs to the first space or `)`.
 */
function scrubUrlToken(css: string, i: number, replace: (start: number, end: number) => void): number {
  let j = i;
  while (j < css.length && isCssSpace(css.charCodeAt(j))) j++;
  const q = css.charCodeAt(j);
  if (q === 34 || q === 39) {
    const end = stringEnd(css, j);
    const closed = end > j + 1 && css.charCodeAt(end - 1) === q;
    replace(j + 1, closed ? end - 1 : end);
    j = end;
  } else {
    const start = j;
    while (j < css.length) {
      const c = css.charCodeAt(j);
      if (c === 41 || isCssSpace(c)) break;
      j += c === 92 ? 2 : 1;
    }
    if (j > css.length) j = css.length;
    if (j > start) replace(start, j);
  }
  // Only spaces may sit between the URL and ')'; anything else is left for the main walk.
  let k = j;
  while (k < css.length && isCssSpace(css.charCodeAt(k))) k++;
  return css.charCodeAt(k) === 41 ? k + 1 : j;
}
