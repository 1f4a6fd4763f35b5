import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, startVeil, type VeilServer } from '../helpers/veil-server.js';
import { forbidDialogs, ingest, logIn, move, pageView, type Ev } from './fixtures.js';

/** Markup that would run script if any of it reached the DOM as HTML. */
const XSS = (n: number) => `<img src=x onerror=alert(${n})>`;
const SESSION = 'xss-session-000000001';

/**
 * Everything that came from a recorded page or a client is shown as text: the end-user id, the
 * URL (path and query), the page title, element text in labels, token labels. And the recorded
 * page itself runs nothing: an inline handler and a script element in the snapshot stay inert.
 */
describe('the viewer shows hostile recorded content literally and runs none of it', () => {
  let server: VeilServer;
  let browser: Browser;
  let page: Page;
  let dialogs: ReturnType<typeof forbidDialogs>;
  let storedUrl = '';

  beforeAll(async () => {
    server = await startVeil();
    // Keep the query key `q` in recorded URLs, so the markup in its value is stored as sent.
    expect((await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { urlAllowlist: ['q'] } })).status).toBe(200);
    const t = Date.now() - 120_000;
    const href = `https://shop.example.com/${XSS(1)}?q=${XSS(2)}`;
    const view = pageView(t, href, XSS(3), XSS(4));
    // A hostile client's snapshot: an element with an inline handler and a script element.
    const body = ((view.events[1]!.data.node as any).childNodes[1].childNodes[1]) as { childNodes: unknown[] };
    body.childNodes.push({ type: 2, tagName: 'img', attributes: { src: 'x', onerror: 'alert(5)' }, childNodes: [], id: 900 });
    body.childNodes.push({ type: 2, tagName: 'script', attributes: {}, childNodes: [{ type: 3, textContent: 'alert(6)', id: 902 }], id: 901 });
    const events: Ev[] = [...view.events, move(t + 1_000, 10, 10), { type: 3, timestamp: t + 2_000, data: { source: 2, type: 2, id: view.buttonId, x: 5, y: 5 } }, move(t + 30_000, 20, 20)];
    await ingest(server, SESSION, 0, events, XSS(7));
    storedUrl = (await apiAs(server, `/api/v1/sessions/${SESSION}`)).body.firstUrl;
    expect(storedUrl).toContain('<img'); // the server kept the markup: the viewer must escape it
    await apiAs(server, '/api/v1/tokens', { method: 'POST', body: { role: 'viewer', label: XSS(8) } });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    dialogs = forbidDialogs(page);
    await logIn(page, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });

  /** No element outside the replay iframe was made from the markup. */
  const noInjectedImages = () => page.evaluate(() => document.querySelectorAll('img').length);

  it('in the session list', async () => {
    await page.waitForSelector('tr.session-row');
    const row = page.locator(`tr[data-session-id="${SESSION}"]`);
    expect(await row.locator('td.user').textContent()).toBe(XSS(7));
    expect(await row.locator('td.url').textContent()).toBe(storedUrl);
    expect(await noInjectedImages()).toBe(0);
  });

  it('in the player header, the event panel and the timeline', async () => {
    await page.click(`tr[data-session-id="${SESSION}"]`);
    await page.waitForSelector('.stage[data-first-frame]');
    await page.waitForSelector('.player-page[data-loaded-all="true"]');
    expect(await page.textContent('h1.user-id')).toBe(XSS(7));
    const nav = page.locator('.events-panel li.ev.nav');
    expect(await nav.locator('.label').textContent()).toBe(XSS(3)); // the page title
    expect(await nav.locator('.detail').textContent()).toBe(storedUrl);
    expect(await page.locator('.events-panel li.ev.click .label').textContent()).toBe('Click button#buy "Add to cart"');
    await page.hover('.timeline', { position: { x: 2, y: 10 } });
    expect(await page.textContent('.hover-tip')).toContain(storedUrl);
    expect(await noInjectedImages()).toBe(0);
  });

  it('inside the replay: the sandbox runs no handler and no script', async () => {
    await page.click('.speeds button:has-text("16×")');
    await page.click('button.play');
    await page.waitForSelector('.player-page[data-status="ended"]');
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(await frame.textContent('header')).toBe(XSS(4)); // the heading text, as text
    expect(await page.$eval('.stage iframe', (f) => f.getAttribute('sandbox'))).toBe('allow-same-origin');
  });

  it('in the admin pages (token labels)', async () => {
    await page.goto(`${server.url}/admin/tokens`);
    await page.waitForSelector('table.tokens');
    expect(await page.locator('table.tokens td', { hasText: 'onerror' }).first().textContent()).toBe(XSS(8));
    expect(await noInjectedImages()).toBe(0);
    dialogs.check();
  });
});
