import { describe, expect, it } from 'vitest';
import { createScrubber, scrubUrl } from '../src/index.js';
import { scrubCssUrls } from '../src/url/scrub-css-urls.js';

const scrub = (css: string) => scrubCssUrls(css, (url) => scrubUrl(url));

describe('scrubCssUrls', () => {
  it('scrubs quoted, unquoted and spaced url() arguments like a URL attribute', () => {
    expect(scrub('a{background:url(/i.png?u=jane&utm_source=x)}')).toBe('a{background:url(/i.png?u=redacted&utm_source=x)}');
    expect(scrub('a{background:URL( "https://u:pw@cdn.example/i.png?t=abc" ) no-repeat}')).toBe(
      'a{background:URL( "https://cdn.example/i.png?t=redacted" ) no-repeat}',
    );
    expect(scrub("b{mask:url('/m.svg#token=s3cr3t')}")).toBe("b{mask:url('/m.svg#token=redacted')}");
  });

  it('scrubs the strings of image-set() and @import, not other strings', () => {
    expect(scrub('a{background-image:image-set("/a.png?k=1" 1x, url(/b.png?k=2) 2x, type("image/avif"))}')).toBe(
      'a{background-image:image-set("/a.png?k=redacted" 1x, url(/b.png?k=redacted) 2x, type("image/avif"))}',
    );
    expect(scrub('@import "/theme.css?user=jane";a::before{content:"x?y=1"}')).toBe('@import "/theme.css?user=redacted";a::before{content:"x?y=1"}');
    expect(scrub('@import url(/t.css?s=1) screen;')).toBe('@import url(/t.css?s=redacted) screen;');
  });

  it('leaves CSS without URLs, comments and escaped quotes as they are (same reference)', () => {
    const plain = 'a{color:red}/* url(/x?y=1) */.b::after{content:"it\\"s url(x?y=1)"}';
    expect(scrub(plain)).toBe(plain);
    const noUrl = '.nav{display:flex;gap:12px}';
    expect(scrub(noUrl)).toBe(noUrl);
  });

  it('survives unterminated input', () => {
    expect(scrub('a{background:url("/i.png?u=jane')).toBe('a{background:url("/i.png?u=redacted');
    expect(scrub('a{background:url(/i.png?u=jane')).toBe('a{background:url(/i.png?u=redacted');
    expect(scrub('url(')).toBe('url(');
  });
});

describe('the scrubber treats URLs in CSS like URL attributes', () => {
  const snapshot = (style: string, css: string) => ({
    type: 2,
    timestamp: 1,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [
          { type: 2, id: 2, tagName: 'style', attributes: { _cssText: css }, childNodes: [{ type: 3, id: 3, textContent: css, isStyle: true }] },
          { type: 2, id: 4, tagName: 'div', attributes: { style }, childNodes: [] },
        ],
      },
    },
  });

  for (const level of ['balanced', 'strict'] as const) {
    it(`${level}: inline styles, style text and inlined stylesheets`, () => {
      const event = snapshot('background: url("https://cdn.example/u.png?email=jane%40x.co")', '.a{background:url(/bg.png?session=s-4471)}');
      const scrubber = createScrubber({ level });
      scrubber.scrubEvent(event);
      const out = JSON.stringify(event);
      expect(out).not.toContain('jane');
      expect(out).not.toContain('s-4471');
      expect(out).toContain('url(/bg.png?session=redacted)');
      expect(out).toContain('cdn.example/u.png?email=redacted');
      expect(scrubber.counts.url).toBe(3);
    });
  }

  it('rules inserted, replaced, declared, adopted and style diffs', () => {
    const events = [
      { type: 3, timestamp: 1, data: { source: 8, id: 2, adds: [{ rule: '.x{background:url(/a.png?k=rule-1)}', index: 0 }] } },
      { type: 3, timestamp: 1, data: { source: 8, id: 2, replaceSync: '.y{background:url(/b.png?k=replace-2)}' } },
      { type: 3, timestamp: 1, data: { source: 13, id: 2, index: [0], set: { property: 'background', value: 'url(/c.png?k=decl-3)' } } },
      { type: 3, timestamp: 1, data: { source: 15, id: 1, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: '.z{cursor:url(/d.cur?k=adopt-4),auto}' }] }] } },
      { type: 3, timestamp: 1, data: { source: 0, texts: [], removes: [], adds: [], attributes: [{ id: 4, attributes: { style: { 'background-image': 'url(/e.png?k=diff-5)' } } }] } },
      { type: 3, timestamp: 1, data: { source: 0, texts: [{ id: 99, value: '.late{background:url(/f.png?k=text-6)}' }], removes: [], adds: [], attributes: [] } },
    ];
    const scrubber = createScrubber();
    for (const e of events) scrubber.scrubEvent(e);
    const out = JSON.stringify(events);
    for (const secret of ['rule-1', 'replace-2', 'decl-3', 'adopt-4', 'diff-5', 'text-6']) expect(out).not.toContain(secret);
    expect(out).toContain('url(/d.cur?k=redacted)');
    expect(scrubber.counts.url).toBe(6);
  });
});
