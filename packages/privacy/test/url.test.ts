import { describe, expect, it } from 'vitest';
import { scrubSrcset, scrubUrl, urlOrigin, type PiiCounts } from '../src/index.js';

describe('scrubUrl', () => {
  it('redacts query values and key=value fragments but keeps utm_* and the keys', () => {
    expect(scrubUrl('https://shop.example/checkout?email=a@b.co&utm_source=x#token=abc')).toBe(
      'https://shop.example/checkout?email=redacted&utm_source=x#token=redacted',
    );
  });

  it('returns the same string when there is nothing to scrub', () => {
    const url = 'https://shop.example/products/42';
    expect(scrubUrl(url)).toBe(url);
    expect(scrubUrl('/welcome')).toBe('/welcome');
  });

  it('honours exact and prefix-wildcard allowlist entries, case-insensitively', () => {
    expect(scrubUrl('/p?page=2&sort=asc&UTM_Campaign=spring&ref_id=9', ['page', 'utm_*', 'ref_*'])).toBe(
      '/p?page=2&sort=redacted&UTM_Campaign=spring&ref_id=9',
    );
  });

  it('still masks personal data in allowlisted values', () => {
    expect(scrubUrl('/?utm_content=jane@example.com')).toBe('/?utm_content=****************');
  });

  it('masks percent-encoded PII in path segments', () => {
    expect(scrubUrl('https://x.example/users/jane%40example.com/orders')).toBe(
      'https://x.example/users/****************/orders',
    );
    expect(scrubUrl('/call/%2B44%2020%207946%200958')).toBe('/call/***%20**%20****%20****');
  });

  it('keeps ordinary path segments such as ids and slugs', () => {
    expect(scrubUrl('/orders/123456/items/blue-shirt-xl')).toBe('/orders/123456/items/blue-shirt-xl');
  });

  it('drops credentials from the authority', () => {
    expect(scrubUrl('https://admin:s3cret@db.example/x')).toBe('https://db.example/x');
  });

  it('handles relative, protocol-relative, about: and invalid URLs without throwing', () => {
    expect(scrubUrl('about:blank')).toBe('about:blank');
    expect(scrubUrl('//cdn.example/a.js?v=3')).toBe('//cdn.example/a.js?v=redacted');
    expect(scrubUrl('../img/a.png')).toBe('../img/a.png');
    expect(scrubUrl('not a url, write to jane@example.com')).toBe('not a url, write to ****************');
    expect(scrubUrl('/bad%E0%A4%A')).toBe('/bad%E0%A4%A');
    expect(scrubUrl('')).toBe('');
  });

  it('neutralises javascript: URLs', () => {
    expect(scrubUrl('javascript:alert(document.cookie)')).toBe('javascript:void 0');
    expect(scrubUrl('JavaScript:void(0)')).toBe('javascript:void 0');
  });

  it('keeps base64 images, masks short textual data: URLs and drops long ones', () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    expect(scrubUrl(png)).toBe(png);
    expect(scrubUrl('data:text/plain,mail%20jane%40example.com')).toBe('data:text/plain,mail%20****************');
    expect(scrubUrl(`data:text/html;base64,${'A'.repeat(5000)}`)).toBe('data:text/html;base64,');
    expect(scrubUrl('data:nocomma')).toBe('data:,');
  });

  it('masks mailto: and tel: addresses', () => {
    expect(scrubUrl('mailto:jane@example.com?subject=Hi')).toBe('mailto:****************?subject=redacted');
    expect(scrubUrl('tel:+14155552671')).toBe('tel:************');
  });

  it('scrubs hash routes like a path and query, and keeps plain anchors', () => {
    expect(scrubUrl('/app#/users/jane@example.com?tab=billing')).toBe('/app#/users/****************?tab=redacted');
    expect(scrubUrl('/docs#pricing')).toBe('/docs#pricing');
  });

  it('counts detector hits', () => {
    const counts: PiiCounts = {};
    scrubUrl('/u/jane%40example.com', undefined, counts);
    expect(counts.email).toBe(1);
  });
});

describe('urlOrigin', () => {
  it('keeps only scheme and host', () => {
    expect(urlOrigin('https://shop.example/orders/42?x=1#y')).toBe('https://shop.example/');
    expect(urlOrigin('/relative/path?q=1')).toBe('/');
    expect(urlOrigin('mailto:jane@example.com')).toBe('mailto:');
    expect(urlOrigin('data:image/png;base64,AAAA')).toBe('data:,');
    expect(urlOrigin('about:blank')).toBe('about:blank');
  });
});

describe('scrubSrcset', () => {
  it('scrubs each candidate and keeps descriptors', () => {
    const out = scrubSrcset('/a.jpg?u=jane 1x, /b.jpg?u=jane 2x', (u) => scrubUrl(u));
    expect(out).toBe('/a.jpg?u=redacted 1x, /b.jpg?u=redacted 2x');
  });

  it('keeps commas inside data: URLs', () => {
    const src = 'data:image/png;base64,AAAA 1x, /b.png 2x';
    expect(scrubSrcset(src, (u) => scrubUrl(u))).toBe(src);
  });
});
