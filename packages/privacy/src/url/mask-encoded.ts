import type { PiiCounts } from '../pii/detector.js';
import { maskPii } from '../mask-pii.js';

/**
 * PII-masks one percent-encoded URL component: detection runs on the decoded text (so
 * `jane%40example.com` is caught) and a component with a hit is re-encoded from the masked text.
 * `plusIsSpace` is for query strings (form encoding); in paths '+' is literal (tel:+1…).
 */
export function maskEncoded(component: string, counts: PiiCounts | undefined, plusIsSpace = false): string {
  if (component.indexOf('%') === -1 && !(plusIsSpace && component.indexOf('+') !== -1)) return maskPii(component, counts);
  let decoded: string;
  try {
    decoded = decodeURIComponent(plusIsSpace ? component.replace(/\+/g, ' ') : component);
  } catch {
    // Malformed escapes: scan the text as written.
    return maskPii(component, counts);
  }
  const masked = maskPii(decoded, counts);
  return masked === decoded ? component : encodeURIComponent(masked);
}
