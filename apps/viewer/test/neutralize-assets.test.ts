import { describe, expect, it } from 'vitest';
import type { ReplayEvent } from '../src/api.js';
import { assetPolicy } from '../src/player/asset-policy.js';
import { AssetNeutralizer, srcsetUrls } from '../src/player/neutralize-assets.js';
import { EMPTY_CSS_URL } from '../src/player/neutralize-css.js';

let nextId = 1;
const el = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, tagName, attributes, childNodes, id: nextId++ });
const text = (textContent: string) => ({ type: 3, textContent, id: nextId++ });
const snapshot = (node: unknown): ReplayEvent => ({ type: 2, timestamp: 1, data: { node, initialOffset: { left: 0, top: 0 } } });
const incremental = (data: Record<string, unknown>): ReplayEvent => ({ type: 3, timestamp: 2, data });
const X = 'https://assets.shop.example';

describe('recorded events lose what would fetch from the recorded site', () => {
  it('full snapshot: image placeholders keep the size, media and link hrefs go, CSS is rewritten', () => {
    const img = el('img', { src: `${X}/a.png`, srcset: `${X}/a2.png 2x`, width: '120', height: '80' });
    const styleText = text(`@import "${X}/i.css";h1{background:url(${X}/h.png)}`);
    const nodes = {
      video: el('video', { src: `${X}/m.mp4`, poster: `${X}/p.png` }),
      source: el('source', { srcset: `${X}/s.webp` }),
      link: el('link', { rel: 'preload', as: 'image', href: `${X}/pre.png` }),
      sheet: el('link', { rel: 'stylesheet', href: `${X}/s.css`, _cssText: `a{background:url(${X}/l.png)}` }),
      div: el('div', { style: `background:url(${X}/d.png)` }),
      anchor: el('a', { href: 'https://shop.example/next' }),
      refresh: el('meta', { 'http-equiv': 'refresh', content: `0;url=${X}/` }),
      referrer: el('meta', { name: 'referrer', content: 'unsafe-url' }),
      object: el('object', { data: `${X}/o.swf` }),
      svgUse: el('use', { 'xlink:href': `${X}/sprite.svg#i` }),
      svgFill: el('rect', { fill: `url(${X}/g.svg#g)`, stroke: 'url(#local)' }),
      frame: el('iframe', { srcdoc: `<img src="${X}/x.png">` }),
    };
    const style = el('style', {}, [styleText]);
    const root = { type: 0, id: nextId++, childNodes: [el('html', {}, [el('head', {}, [style]), el('body', {}, [img, ...Object.values(nodes)])])] };
    new AssetNeutralizer(assetPolicy([])).event(snapshot(root));

    expect(img.attributes.src).toMatch(/^data:image\/svg\+xml,/);
    expect(decodeURIComponent(img.attributes.src as string)).toContain('width="120" height="80"');
    expect(img.attributes).not.toHaveProperty('srcset');
    expect(img.attributes).toMatchObject({ width: '120', height: '80' });
    expect(styleText.textContent).toBe(`h1{background:${EMPTY_CSS_URL}}`);
    expect(nodes.video.attributes).not.toHaveProperty('src');
    expect(nodes.video.attributes.poster).toMatch(/^data:image\/svg\+xml,/);
    expect(nodes.source.attributes).toEqual({});
    expect(nodes.link.attributes).toEqual({ rel: 'preload', as: 'image' });
    expect(nodes.sheet.attributes).toEqual({ rel: 'stylesheet', _cssText: `a{background:${EMPTY_CSS_URL}}` });
    expect(nodes.div.attributes.style).toBe(`background:${EMPTY_CSS_URL}`);
    expect(nodes.anchor.attributes.href).toBe('https://shop.example/next');
    expect(nodes.refresh.attributes).not.toHaveProperty('http-equiv');
    expect(nodes.referrer.attributes).not.toHaveProperty('name');
    expect(nodes.object.attributes).toEqual({});
    expect(nodes.svgUse.attributes).toEqual({});
    expect(nodes.svgFill.attributes).toEqual({ fill: EMPTY_CSS_URL, stroke: 'url(#local)' });
    expect(nodes.frame.attributes).toEqual({});
  });

  it('incremental events: added nodes, changed attributes and style text, inserted and adopted rules', () => {
    const n = new AssetNeutralizer(assetPolicy([]));
    const styleText = text('h1{}');
    const style = el('style', {}, [styleText]);
    const img = el('img', { src: 'data:image/png;base64,AA==' });
    n.event(snapshot({ type: 0, id: nextId++, childNodes: [el('html', {}, [style, img])] }));

    const added = el('img', { src: `${X}/added.png` });
    const addedStyleText = text(`p{background:url(${X}/t.png)}`);
    const mutation = incremental({
      source: 0,
      adds: [{ parentId: img.id, node: added }, { parentId: style.id, node: addedStyleText }],
      attributes: [{ id: img.id, attributes: { src: `${X}/changed.png`, style: { background: `url(${X}/b.png)`, color: 'red' } } }],
      texts: [{ id: styleText.id, value: `h1{background:url(${X}/x.png)}` }],
      removes: [],
    });
    n.event(mutation);
    expect(added.attributes.src).toMatch(/^data:image\/svg\+xml,/);
    expect(addedStyleText.textContent).toBe(`p{background:${EMPTY_CSS_URL}}`);
    const change = (mutation.data.attributes as Array<{ attributes: Record<string, any> }>)[0]!.attributes;
    expect(change.src).toMatch(/^data:image\/svg\+xml,/);
    expect(change.style).toEqual({ background: EMPTY_CSS_URL, color: 'red' });
    expect((mutation.data.texts as Array<{ value: string }>)[0]!.value).toBe(`h1{background:${EMPTY_CSS_URL}}`);

    const rule = incremental({ source: 8, id: style.id, adds: [{ rule: `a{background:url(${X}/r.png)}` }], replaceSync: `@import url(${X}/x.css);` });
    n.event(rule);
    expect(rule.data.adds[0].rule).toBe(`a{background:${EMPTY_CSS_URL}}`);
    expect(rule.data.replaceSync).toBe('');
    const adopted = incremental({ source: 15, id: 1, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: `a{cursor:url(${X}/c.cur),auto}` }] }] });
    n.event(adopted);
    expect(adopted.data.styles[0].rules[0].rule).toBe(`a{cursor:${EMPTY_CSS_URL},auto}`);
    const declaration = incremental({ source: 13, id: 5, index: [0], set: { property: 'background', value: `url(${X}/v.png)` } });
    n.event(declaration);
    expect(declaration.data.set.value).toBe(EMPTY_CSS_URL);
  });

  it('leaves URLs on allowed hosts alone', () => {
    const img = el('img', { src: `${X}/a.png`, srcset: `${X}/a.png 1x, ${X}/b.png 2x` });
    const other = el('img', { src: 'https://tracker.example/p.gif' });
    new AssetNeutralizer(assetPolicy([X])).event(snapshot({ type: 0, id: nextId++, childNodes: [el('html', {}, [img, other])] }));
    expect(img.attributes).toEqual({ src: `${X}/a.png`, srcset: `${X}/a.png 1x, ${X}/b.png 2x` });
    expect(other.attributes.src).toMatch(/^data:image\/svg\+xml,/);
  });

  it('reads srcset candidates, data: URLs with commas included', () => {
    expect(srcsetUrls('a.png 1x, b.png 2x')).toEqual(['a.png', 'b.png']);
    expect(srcsetUrls('data:image/png;base64,AA== 1x,https://x.example/b.png 2x')).toEqual(['data:image/png;base64,AA==', 'https://x.example/b.png']);
    // As browsers read it (HTML's srcset parsing): a comma inside a run of non-space is part of the URL.
    expect(srcsetUrls('a.png,b.png')).toEqual(['a.png,b.png']);
    expect(srcsetUrls('a.png, b.png,')).toEqual(['a.png', 'b.png']);
  });
});
