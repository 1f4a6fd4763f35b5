import { JAVASCRIPT_URL } from './scrub-url.js';
import { splitUrl } from './split-url.js';

/**
 * Strict-mode URL: only scheme and host survive (`https://shop.example/`). Relative URLs
 * become '/', `data:` loses its payload, `mailto:`/`tel:` lose their address.
 * @example urlOrigin('https://shop.example/orders/42?x=1') // 'https://shop.example/'
 */
export function urlOrigin(url: string): string {
  const parts = splitUrl(url);
  if (parts.scheme === 'javascript') return JAVASCRIPT_URL;
  if (parts.scheme === 'data') return 'data:,';
  if (parts.scheme === 'about' || parts.scheme === 'blob') return parts.prefix + (parts.scheme === 'about' ? parts.path : '');
  if (parts.prefix.endsWith(':')) return parts.prefix; // mailto:, tel:, sms:
  return parts.prefix + '/';
}
