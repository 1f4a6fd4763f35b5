import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startVeil, type VeilServer } from '../helpers/veil-server.js';
import { startFixtureOrigin, type FixtureOrigin } from './support/fixture-origin.js';
import { LEAK_PAGES, type LeakPage } from './support/leak-pages.js';
import { fixturePage, leaked, recordPage } from './support/record-page.js';

/** The page at `/leaks/<index>.html`: the shell with the page's head, body and later changes. */
function leakPage(server: VeilServer, page: LeakPage): string {
  const fill: Record<string, string> = { __LEAK_HEAD__: page.head ?? '', __LEAK_BODY__: page.body, __LEAK_ACT__: page.act ?? '' };
  return fixturePage('leak-shell.html', server).replace(/__LEAK_(HEAD|BODY|ACT)__/g, (key) => fill[key] ?? '');
}

// Privacy wave 2: each page records with the default options in real Chromium; both the decoded
// wire and the events the server serves back (and its database file) must lack every secret,
// and the wire must carry the page's ordinary text (so the recording happened).
describe('leak classes of privacy wave 2, default options, real Chromium', () => {
  let server: VeilServer;
  let origin: FixtureOrigin;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startVeil(), launchChromium()]);
    origin = await startFixtureOrigin((path) => {
      const match = /^\/leaks\/(\d+)\.html$/.exec(path);
      const page = match ? LEAK_PAGES[Number(match[1])] : undefined;
      return page ? leakPage(server, page) : undefined;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await server?.stop();
    server?.cleanup();
  });

  LEAK_PAGES.forEach((page, index) => {
    it(`${page.leakClass}: ${page.name}`, async () => {
      const finalText = `Leak page ${index} finished`;
      const capture = await recordPage(browser, server, `${origin.url}/leaks/${index}.html`, finalText, async (p) => {
        await p.evaluate(() => (window as any).leakAct());
        await p.evaluate((text) => document.body.insertAdjacentHTML('beforeend', `<p>${text}</p>`), finalText);
      });
      expect(capture.pageErrors).toEqual([]);
      expect(leaked(capture.all, page.secrets)).toEqual([]);
      for (const text of ['Leak page ordinary heading', ...page.ordinary]) expect(capture.wire).toContain(text);
    });
  });

  it('covers every class with at least three pages', () => {
    const perClass = new Map<string, number>();
    for (const page of LEAK_PAGES) perClass.set(page.leakClass, (perClass.get(page.leakClass) ?? 0) + 1);
    expect([...perClass.values()].every((n) => n >= 3)).toBe(true);
    expect(perClass.size).toBe(4);
  });
});
