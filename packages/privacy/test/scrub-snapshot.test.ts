import { describe, expect, it } from 'vitest';
import { createScrubber, FIXED_MASK } from '../src/index.js';
import { attrsOf, findNode, textOf } from './fixtures/find-node.js';
import { markersSnapshot } from './fixtures/markers-snapshot.js';
import { signupSnapshot } from './fixtures/signup-snapshot.js';

function scrubbed<T>(event: T, level: 'balanced' | 'strict' = 'balanced') {
  const scrubber = createScrubber({ level });
  scrubber.scrubEvent(event);
  return { event, root: (event as { data: { node: unknown } }).data.node, counts: scrubber.counts };
}

describe('full snapshot, balanced', () => {
  it('masks every form value, with a fixed mask for password and card fields', () => {
    const { root } = scrubbed(signupSnapshot());
    expect(attrsOf(root, 18).value).toBe('**** ***');
    expect(attrsOf(root, 19).value).toBe('****************');
    expect(attrsOf(root, 20).value).toBe(FIXED_MASK);
    expect(attrsOf(root, 21).value).toBe(FIXED_MASK);
    expect(attrsOf(root, 22).value).toBe('***** ** *** **** ****');
    expect(textOf(root, 23)).toBe('***** ** *** **** ****');
    expect(attrsOf(root, 24).value).toBe('**');
    expect(attrsOf(root, 25).value).toBe('**');
    // An option's label is what the select shows: a form value too (issue #3).
    expect(textOf(root, 26)).toBe('******');
    // Labels and page copy survive.
    expect(attrsOf(root, 18).placeholder).toBe('Full name');
    expect(textOf(root, 28)).toBe('Create account');
    expect(textOf(root, 12)).toBe('Welcome to the shop');
  });

  it('masks PII inside page text and keeps the rest of the sentence', () => {
    const { root } = scrubbed(signupSnapshot());
    expect(textOf(root, 14)).toBe('Questions? Mail ***************** or call *** ** **** ****.');
    expect(textOf(root, 6)).toBe('Sign up – Shop');
  });

  it('masks PII in a <style> comment and in _cssText but keeps the CSS', () => {
    const { root } = scrubbed(signupSnapshot());
    expect(textOf(root, 8)).toBe('/* owner: ********************* */ .hero { color: #1a2b3c; margin: 0 auto; }');
    expect(attrsOf(root, 9)._cssText).toBe('.btn { background: url(/img/btn@2x.png) } /* **** **** **** **** */');
  });

  it('scrubs URL attributes: query values redacted, utm kept, PII in paths masked', () => {
    const { root } = scrubbed(signupSnapshot());
    expect(attrsOf(root, 15).href).toBe('https://shop.example/account?email=redacted&utm_source=mail#token=redacted');
    expect(attrsOf(root, 17).action).toBe('/signup?ref=redacted');
    expect(attrsOf(root, 29).src).toBe('/avatars/****************.png');
    expect(attrsOf(root, 29).alt).toBe('Photo of ****************');
    expect(attrsOf(root, 29).width).toBe('64');
  });

  it('masks PII in comments and the script placeholder', () => {
    const { root } = scrubbed(signupSnapshot());
    expect(textOf(root, 30)).toBe(' build 2024.01.15 by **************** ');
    expect(textOf(root, 32)).toBe('******************');
  });

  it('counts redactions by kind', () => {
    const { counts } = scrubbed(signupSnapshot());
    expect(counts.form).toBe(9);
    expect(counts.email).toBe(6); // style, text, img src, alt, comment, placeholder example
    expect(counts.phone).toBe(1);
    expect(counts.card).toBe(1);
    expect(counts.url).toBe(3);
  });

  it('is idempotent: scrubbing scrubbed output changes and counts nothing', () => {
    const once = scrubbed(signupSnapshot()).event;
    const copy = JSON.parse(JSON.stringify(once)) as typeof once;
    const again = scrubbed(copy);
    expect(again.event).toEqual(once);
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('markers', () => {
  it('masks text under data-veil-mask, with the nearest data-veil-unmask winning', () => {
    const { root } = scrubbed(markersSnapshot());
    expect(textOf(root, 6)).toBe('**** **** ** **** **');
    expect(textOf(root, 8)).toBe('Order status: shipped');
    expect(textOf(root, 4)).toBe('Welcome to the shop');
  });

  it('strips the children and extra attributes of a data-veil-block element that arrived with content', () => {
    const { root, counts } = scrubbed(markersSnapshot());
    const blocked = findNode(root, 11);
    expect(blocked.childNodes).toEqual([]);
    expect(blocked.attributes).toEqual({ 'data-veil-block': '', id: 'card-widget', class: 'pay', rr_width: '300px', rr_height: '120px' });
    expect(findNode(root, 13).childNodes).toEqual([]);
    expect(counts.block).toBe(2);
  });

  it('walks iframe documents and shadow roots', () => {
    const { root } = scrubbed(markersSnapshot());
    expect(textOf(root, 18)).toBe('Paying as ****************');
    expect(textOf(root, 21)).toBe('SSN ***********');
    expect(attrsOf(root, 15).src).toBe('https://pay.example/frame?session=redacted');
  });
});

describe('full snapshot, strict', () => {
  it('masks all text except under data-veil-unmask, where only PII is masked', () => {
    const { root } = scrubbed(markersSnapshot(), 'strict');
    expect(textOf(root, 4)).toBe('******* ** *** ****');
    expect(textOf(root, 8)).toBe('Order status: shipped');
    expect(textOf(root, 10)).toBe('Shipping takes 3 days. Contact ****************');
    expect(textOf(root, 18)).toBe('****** ** ****************');
  });

  it('blocks media sources but keeps their size', () => {
    const { root } = scrubbed(markersSnapshot(), 'strict');
    expect(attrsOf(root, 22)).toEqual({ width: '320', height: '240', alt: '**** *****' });
    expect(attrsOf(root, 15)).toEqual({ width: '400', height: '200' });
  });

  it('keeps only scheme and host of links and masks non-structural attributes', () => {
    const { root } = scrubbed(markersSnapshot(), 'strict');
    expect(attrsOf(root, 23)).toEqual({ href: 'https://shop.example/', 'aria-label': '**** ***** **', class: 'link' });
    expect(attrsOf(root, 3).title).toBe('******');
    expect(attrsOf(root, 9).class).toBe('faq');
  });

  it('keeps CSS readable and form values masked', () => {
    const { root } = scrubbed(signupSnapshot(), 'strict');
    expect(textOf(root, 8)).toBe('/* owner: ********************* */ .hero { color: #1a2b3c; margin: 0 auto; }');
    expect(attrsOf(root, 20).value).toBe(FIXED_MASK);
    expect(attrsOf(root, 10).class).toBe('page signup');
    expect(attrsOf(root, 9).rel).toBe('stylesheet');
  });
});
