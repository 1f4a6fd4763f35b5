import type { PiiCounts } from '../pii/detector.js';
import { DEFAULT_URL_ALLOWLIST } from './allowlist.js';
import { maskEncoded } from './mask-encoded.js';
import { scrubParamList } from './param-list.js';
import { splitUrl } from './split-url.js';

/** Replaces `javascript:` URLs: their source can embed anything and is never needed to replay. */
export const JAVASCRIPT_URL = 'javascript:void 0';
/** Longest non-base64 `data:` payload that is PII-masked rather than dropped. */
const MAX_SCANNED_DATA_URL_CHARS = 4096;
// Binary media survives (pixels and glyphs are not text); anything else has its payload checked.
const BINARY_MEDIA = /^(?:image\/(?!svg)|font\/|application\/(?:x-)?font|audio\/|video\/)/i;

/**
 * Scrubs a URL for storage: query and `key=value` fragment values become `redacted` unless
 * their key is allowlisted (`utm_*` by default; a trailing '*' is a prefix wildcard), path
 * segments with personal data are masked (percent-decoded first), credentials in the
 * authority are dropped, `javascript:` becomes `javascript:void 0`. Relative and invalid URLs
 * are handled as paths. Adds hits per detector to `counts`.
 * @example
 * scrubUrl('https://shop.example/u/jane%40mail.com?email=a@b.co&utm_source=x#token=abc')
 * // 'https://shop.example/u/**************?email=redacted&utm_source=x#token=redacted'
 */
export function scrubUrl(url: string, allowlist: readonly string[] = DEFAULT_URL_ALLOWLIST, counts?: PiiCounts): string {
  const parts = splitUrl(url);
  if (parts.scheme === 'javascript') return JAVASCRIPT_URL;
  if (parts.scheme === 'data') return scrubDataUrl(url, counts);
  let out = parts.prefix + scrubPath(parts.path, counts);
  if (parts.query !== null) out += '?' + scrubParamList(parts.query, allowlist, counts);
  if (parts.fragment !== null) out += '#' + scrubFragment(parts.fragment, allowlist, counts);
  return out === url ? url : out;
}

/** Masks each '/'-separated segment that holds personal data. */
function scrubPath(path: string, counts: PiiCounts | undefined): string {
  if (path === '') return path;
  let out = '';
  let start = 0;
  for (;;) {
    const slash = path.indexOf('/', start);
    const end = slash === -1 ? path.length : slash;
    out += maskEncoded(path.slice(start, end), counts);
    if (slash === -1) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

/**
 * Hash routes (`#/orders/1?x=y`) are scrubbed like a path and query, `#k=v&…` (OAuth tokens)
 * like a query, and a plain anchor (`#pricing`) is only PII-masked so in-page links survive.
 */
function scrubFragment(fragment: string, allowlist: readonly string[], counts: PiiCounts | undefined): string {
  if (fragment.startsWith('/') || fragment.startsWith('!/')) {
    const q = fragment.indexOf('?');
    if (q === -1) return scrubPath(fragment, counts);
    return scrubPath(fragment.slice(0, q), counts) + '?' + scrubParamList(fragment.slice(q + 1), allowlist, counts);
  }
  if (fragment.includes('=')) return scrubParamList(fragment, allowlist, counts);
  return maskEncoded(fragment, counts);
}

/**
 * Base64 images, fonts, audio and video are kept; a short textual payload (an inline SVG) is
 * PII-masked; anything else loses its payload.
 */
function scrubDataUrl(url: string, counts: PiiCounts | undefined): string {
  const comma = url.indexOf(',');
  if (comma === -1) return 'data:,';
  const header = url.slice(5, comma);
  if (BINARY_MEDIA.test(header) && /;base64$/i.test(header)) return url;
  if (!/;base64$/i.test(header) && url.length <= MAX_SCANNED_DATA_URL_CHARS) {
    const payload = url.slice(comma + 1);
    const masked = maskEncoded(payload, counts);
    return masked === payload ? url : url.slice(0, comma + 1) + masked;
  }
  return url.slice(0, comma + 1);
}
