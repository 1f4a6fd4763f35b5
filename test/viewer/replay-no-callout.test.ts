import type { Browser, Frame, Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';
import { ingest, logIn, type Ev } from './fixtures.js';

// The attack: a replay that fetches the recorded page's images, fonts, media and stylesheets
// tells their host (a third party) when a support engineer watches, and recorded CSS such as
// `[data-plan^="g"] { background: url(…) }` sends recorded attribute values there.

const SESSION = 'replay-callout-session-01';
const HEADING = 'Recorded shop page';
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The recorded site's asset host: counts every request and the Referer it came with. */
interface AssetHost {
  origin: string;
  /** The same server under another origin (by IP rather than name). */
  otherOrigin: string;
  requests: Array<{ path: string; referer: string | null }>;
  close(): Promise<void>;
}

async function startAssetHost(): Promise<AssetHost> {
  const requests: AssetHost['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', referer: req.headers.referer ?? null });
    const path = req.url ?? '';
    if (path.endsWith('.css')) res.writeHead(200, { 'content-type': 'text/css' }).end('body{}');
    else if (path.endsWith('.png')) res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    otherOrigin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A recorded page whose markup and CSS reach for `assets` in every way a page can: img src and
 * srcset, picture/source, video poster and src, audio, a style attribute's url(), @font-face,
 * @import, an attribute selector, link prefetch/preload/stylesheet/icon; then a stylesheet rule
 * inserted at run time, an added image and a changed src. Answers the events.
 */
function recordedPage(assets: string, t: number): Ev[] {
  let id = 1;
  const el = (tagName: string, attributes: Record<string, string | number>, childNodes: unknown[] = []) => ({ type: 2, tagName, attributes, childNodes, id: id++ });
  const text = (textContent: string) => ({ type: 3, textContent, id: id++ });
  const u = (name: string) => `${assets}/${name}`;
  const doc = { type: 0, childNodes: [] as unknown[], id: id++ };
  doc.childNodes.push({ type: 1, name: 'html', publicId: '', systemId: '', id: id++ });
  const css =
    `@import url("${u('imported.css')}");` +
    `@font-face{font-family:Recorded;src:url(${u('font.woff2')}) format("woff2")}` +
    `body{font-family:Recorded,sans-serif;margin:0;padding:16px}` +
    `[data-plan^="g"]{background:url(${u('leak-plan-g.png')})}` +
    `.hero{width:200px;height:60px;background-image:image-set("${u('set.png')}" 1x)}`;
  const style = el('style', {}, [text(css)]);
  const head = el('head', {}, [
    el('title', {}, [text('Recorded')]),
    el('link', { rel: 'stylesheet', href: u('style.css') }),
    el('link', { rel: 'prefetch', href: u('next.png') }),
    el('link', { rel: 'preload', as: 'image', href: u('preload.png') }),
    el('link', { rel: 'icon', href: u('favicon.png') }),
    style,
  ]);
  const img = el('img', { src: u('photo.png'), width: 120, height: 80, alt: 'photo', id: 'photo' });
  const body = el('body', {}, [
    el('h1', {}, [text(HEADING)]),
    img,
    el('img', { srcset: `${u('small.png')} 1x, ${u('large.png')} 2x`, src: u('fallback.png'), width: 90, height: 40 }),
    el('picture', {}, [el('source', { srcset: u('pic.png') }), el('img', { src: u('pic-fallback.png'), width: 70, height: 30 })]),
    el('video', { poster: u('poster.png'), src: u('movie.mp4'), width: 160, height: 90, preload: 'auto' }),
    el('audio', { src: u('sound.mp3'), preload: 'auto', controls: '' }),
    el('div', { style: `width:50px;height:50px;background:url(${u('bg.png')})` }, [text('styled box')]),
    el('div', { 'data-plan': 'gold' }, [text('member plan box')]),
    el('div', { class: 'hero' }, [text('hero box')]),
  ]);
  doc.childNodes.push(el('html', { lang: 'en' }, [head, body]));
  const added = { type: 2, tagName: 'img', attributes: { src: u('added.png'), width: 40, height: 20 }, childNodes: [], id: 900 };
  return [
    { type: 4, timestamp: t, data: { href: 'https://shop.example.com/account', width: 900, height: 600 } },
    { type: 2, timestamp: t + 1, data: { node: doc, initialOffset: { left: 0, top: 0 } } },
    // IncrementalSource.StyleSheetRule: a rule the page inserted with insertRule.
    { type: 3, timestamp: t + 500, data: { source: 8, id: style.id, adds: [{ rule: `h1{background:url(${u('inserted-rule.png')})}`, index: 5 }] } },
    // IncrementalSource.AdoptedStyleSheet: a constructed sheet adopted by the document.
    { type: 3, timestamp: t + 600, data: { source: 15, id: doc.id, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: `h1{list-style-image:url(${u('adopted.png')});border-image:url(${u('adopted-border.png')}) 30}`, index: 0 }] }] } },
    // IncrementalSource.Mutation: an image added, then the first image's src changed.
    { type: 3, timestamp: t + 800, data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: body.id, nextId: null, node: added }] } },
    { type: 3, timestamp: t + 900, data: { source: 0, texts: [], removes: [], adds: [], attributes: [{ id: img.id, attributes: { src: u('changed.png'), style: `background:url(${u('changed-style.png')})` } }] } },
    { type: 3, timestamp: t + 1_500, data: { source: 1, positions: [{ x: 10, y: 10, id: 1, timeOffset: 0 }] } },
  ];
}

describe('a replay loads nothing from the recorded page’s hosts', () => {
  let server: VeilServer;
  let assets: AssetHost;
  let browser: Browser;
  let page: Page;

  const replayFrame = (): Frame | undefined => page.frames().find((f) => f !== page.mainFrame());

  /**
   * Opens the session (by URL, or from the session list without reloading the viewer), plays it
   * to the end and waits until the replayed page has rendered and settled.
   */
  async function replayToEnd(via: 'url' | 'list' = 'url'): Promise<Frame> {
    if (via === 'url') {
      await page.goto(`${server.url}/sessions/${SESSION}`);
    } else {
      await page.click('a.back');
      await page.click(`tr[data-session-id="${SESSION}"]`);
    }
    await page.waitForSelector('.stage[data-first-frame]');
    await page.waitForSelector('.player-page[data-loaded-all="true"]');
    await page.click('button.play');
    await page.waitForSelector('.player-page[data-status="ended"]');
    const frame = await waitFor(async () => {
      const f = replayFrame();
      return f && (await f.textContent('h1').catch(() => null)) === HEADING ? f : null;
    }, 'the replayed page');
    // Settled: every image finished (loaded, failed or blocked) and the fonts are resolved.
    await frame.waitForFunction(() => Array.from(document.images).every((i) => i.complete) && document.fonts.status === 'loaded');
    return frame;
  }

  beforeAll(async () => {
    server = await startVeil();
    assets = await startAssetHost();
    await ingest(server, SESSION, 0, recordedPage(assets.origin, Date.now() - 60_000));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await logIn(page, server);
  });

  afterAll(async () => {
    await browser?.close();
    await assets?.close();
    await server?.stop();
    server?.cleanup();
  });

  it('by default: no request reaches the asset host, text shows, images keep their recorded size', async () => {
    const frame = await replayToEnd();
    expect(assets.requests).toEqual([]);
    expect(await frame.textContent('body')).toContain('member plan box');
    const sizes = await frame.$$eval('img', (imgs) => imgs.map((i) => [Math.round(i.getBoundingClientRect().width), Math.round(i.getBoundingClientRect().height)]));
    expect(sizes).toEqual([[120, 80], [90, 40], [70, 30], [40, 20]]);
    expect(await page.$('[data-testid=replay-asset-note]')).toBeNull();
    await page.screenshot({ path: '/tmp/replay-placeholders.png' });
  });

  it('a URL the rewrite missed is still blocked by the replay document’s own CSP', async () => {
    // Another project allows the asset server under another origin, so the viewer page's CSP
    // (the union over projects) allows it: only this replay's own policy stands in the way.
    const other = await apiAs(server, '/api/v1/projects', { method: 'POST', body: { name: 'Other shop' } });
    const allowOther = await apiAs(server, `/api/v1/projects/${other.body.id}`, { method: 'PATCH', body: { replayAssetOrigins: [assets.otherOrigin] } });
    expect(allowOther.status).toBe(200);
    await replayToEnd();
    // The replay document runs no script (sandboxed): the viewer page adds the image to it.
    const outcome = await page.evaluate(
      (src) =>
        new Promise<string>((resolve) => {
          const doc = document.querySelector<HTMLIFrameElement>('.stage iframe')!.contentDocument!;
          doc.addEventListener('securitypolicyviolation', (e) => resolve(`blocked by ${e.effectiveDirective}`), { once: true });
          const img = doc.createElement('img');
          img.addEventListener('load', () => resolve('loaded'));
          img.src = src;
          doc.body.append(img);
        }),
      `${assets.otherOrigin}/missed.png`,
    );
    expect(outcome).toBe('blocked by img-src');
    expect(assets.requests).toEqual([]);
  });

  it('with the asset host allowed (replayAssetOrigins), images load from it without a Referer, and the player says so', async () => {
    const patch = await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { replayAssetOrigins: [assets.origin] } });
    expect(patch.status).toBe(200);
    expect(patch.body.replayAssetOrigins).toEqual([assets.origin]);
    // The viewer page was loaded before the host was allowed (its CSP does not allow it yet): the
    // player reloads it once rather than replaying with broken images.
    let loads = 0;
    page.on('load', () => loads++);
    await replayToEnd('list');
    expect(loads).toBe(1);
    await waitFor(() => assets.requests.some((r) => r.path.endsWith('.png')), 'an image request to the allowed host');
    expect(assets.requests.map((r) => r.referer)).toEqual(assets.requests.map(() => null));
    expect(await page.textContent('[data-testid=replay-asset-note]')).toContain(assets.origin);
  });
});
