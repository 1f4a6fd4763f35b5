import type { PiiCounts } from '../pii/detector.js';
import { isAllowedKey } from './allowlist.js';
import { maskEncoded } from './mask-encoded.js';

/** Replaces a redacted query or fragment value; URL-safe so the URL stays parseable. */
export const REDACTED = 'redacted';

/**
 * Redacts the values of an `a=1&b=2` list, keeping keys. Values of allowlisted keys are kept
 * but still PII-masked (a `utm_content` can carry an email). Keys are PII-masked too.
 */
export function scrubParamList(params: string, allowlist: readonly string[], counts: PiiCounts | undefined): string {
  let out = '';
  let start = 0;
  while (start <= params.length) {
    let end = params.indexOf('&', start);
    if (end === -1) end = params.length;
    const pair = params.slice(start, end);
    const eq = pair.indexOf('=');
    if (start > 0) out += '&';
    if (eq === -1) {
      out += maskEncoded(pair, counts, true);
    } else {
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const keptValue =
        value === '' ? '' : isAllowedKey(safeDecode(key), allowlist) ? maskEncoded(value, counts, true) : REDACTED;
      out += maskEncoded(key, counts, true) + '=' + keptValue;
    }
    start = end + 1;
  }
  return out;
}

/** decodeURIComponent that treats '+' as a space and never throws on bad escapes. */
export function safeDecode(text: string): string {
  if (text.indexOf('%') === -1 && text.indexOf('+') === -1) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
