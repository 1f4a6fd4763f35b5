import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';
import { logIn, recordSession } from './fixtures.js';

const SESSION = 'hour-long-session-0001';
const MINUTES = 60;

/** Reads the player's state from its data attributes. */
const state = (page: Page) =>
  page.$eval('.player-page', (el) => {
    const d = (el as HTMLElement).dataset;
    return { status: d.status, ms: Number(d.currentMs), loadedAll: d.loadedAll === 'true' };
  });

/** Time from navigation start to the replayer's first rebuilt frame (a performance mark the player sets). */
const firstFrameMs = (page: Page) =>
  page.evaluate(() => Math.round(performance.getEntriesByName('veil:first-frame')[0]?.startTime ?? -1));

describe('a 60-minute recording streams: playback starts before the rest has arrived', () => {
  let server: VeilServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startVeil();
    await recordSession(server, { sessionId: SESSION, userId: 'long-user', minutes: MINUTES }); // 720 batches
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, server);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });

  it('shows the first frame and plays while later chunks are still held back', async () => {
    // Hold every request after the first chunk until the first frame is on screen.
    const held: Route[] = [];
    let release = false;
    await page.route(/\/api\/v1\/sessions\/[^/]+\/events\?fromSeq=[1-9]/, (route) => (release ? route.continue() : void held.push(route)));
    await page.goto(`${server.url}/sessions/${SESSION}`);
    await page.waitForSelector('.stage[data-first-frame]');
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(await frame.textContent('header')).toBe('Example shop');
    expect((await state(page)).loadedAll).toBe(false);
    await waitFor(() => held.length > 0, 'the second chunk request');

    await page.click('button.play');
    await waitFor(async () => (await state(page)).ms > 0, 'playback on the first chunk');
    expect((await state(page)).loadedAll).toBe(false);

    release = true;
    for (const r of held.splice(0)) await r.continue();
    await page.waitForSelector('.player-page[data-loaded-all="true"]', { timeout: 30_000 });
    await page.unroute(/\/api\/v1\/sessions\/[^/]+\/events/);
  });

  it('seeks by deep link to minute 50 and reports its time to first frame', async () => {
    await page.goto('about:blank'); // a fresh load, not a same-document hash change
    await page.goto(`${server.url}/sessions/${SESSION}#t=50:00`);
    await page.waitForSelector('.stage[data-first-frame]');
    const first = await firstFrameMs(page);
    await waitFor(async () => {
      const s = await state(page);
      return s.status === 'paused' && s.ms === 50 * 60_000;
    }, 'the player to wait at 50:00', 30_000);
    const seeked = await page.evaluate(() => Math.round(performance.now()));
    await page.waitForSelector('.player-page[data-loaded-all="true"]', { timeout: 30_000 });
    const all = await page.evaluate(() => Math.round(performance.now()));
    console.log(`60-minute recording: first frame ${first} ms after navigation start, at 50:00 after ${seeked} ms, all events after ${all} ms`);
    // The < 1 s goal is measured by `npm run bench` (a figure, not a test assertion).
    expect(first).toBeGreaterThan(0);
  });
});
