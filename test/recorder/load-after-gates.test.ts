import type { Browser, BrowserContext, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, startVeil, type VeilServer } from '../helpers/veil-server.js';
import { pageUrl, serveRecorderPages } from './page.js';

/** What a page may download before every gate agreed to record (min + brotli). */
const PRE_GATE_MAX_BYTES = 8 * 1024;

/**
 * rrweb and the rest of the recorder are downloaded only once every gate agreed (opt-out,
 * consent, kill switch, sampling): a page that will not be recorded pays for the gates alone.
 */
describe('recorder: loaded only after the gates agree', () => {
  let server: VeilServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startVeil();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await context?.close();
    await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { enabled: true, sampleRate: 1 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });

  /** Opens a page; answers it, the Veil scripts it requested, and the size each arrived in. */
  async function open(options: Record<string, unknown>, init?: () => void) {
    context = await browser.newContext();
    await serveRecorderPages(context, server);
    if (init) await context.addInitScript(init);
    const scripts: Request[] = [];
    context.on('request', (r) => {
      if (/\/veil(-recorder)?(\.[0-9a-f]{12})?\.js$/.test(new URL(r.url()).pathname)) scripts.push(r);
    });
    const page = await context.newPage();
    await page.goto(pageUrl(server, options));
    const chunkRequests = () => scripts.filter((r) => r.url().includes('/veil-recorder.'));
    const loaderBytes = async () => {
      const loader = scripts.find((r) => new URL(r.url()).pathname === '/veil.js')!;
      await loader.response();
      return (await loader.sizes()).responseBodySize;
    };
    return { page, chunkRequests, loaderBytes };
  }
  const statusIs = (page: import('playwright-core').Page, s: string) =>
    page.waitForFunction((s) => (window as any).Veil?.getStatus() === s, s, { timeout: 20_000 });

  it('loads the recorder once when every gate agrees, after a loader of 8 KB at most', async () => {
    const { page, chunkRequests, loaderBytes } = await open({});
    await statusIs(page, 'recording');
    expect(chunkRequests()).toHaveLength(1);
    expect(await loaderBytes()).toBeLessThanOrEqual(PRE_GATE_MAX_BYTES);
  });

  it('never requests the recorder while consent is not given, and loads it at consent(true)', async () => {
    const { page, chunkRequests, loaderBytes } = await open({ requireConsent: true });
    await statusIs(page, 'awaiting-consent');
    expect(await loaderBytes()).toBeLessThanOrEqual(PRE_GATE_MAX_BYTES);
    expect(chunkRequests()).toHaveLength(0);
    await page.evaluate(() => (window as any).Veil.consent(true));
    await statusIs(page, 'recording');
    expect(chunkRequests()).toHaveLength(1);
  });

  it('never requests the recorder for a visitor who opted out', async () => {
    const { page, chunkRequests, loaderBytes } = await open({}, () => localStorage.setItem('veil:opt-out', '1'));
    await statusIs(page, 'opted-out');
    expect(chunkRequests()).toHaveLength(0);
    expect(await loaderBytes()).toBeLessThanOrEqual(PRE_GATE_MAX_BYTES);
  });

  it('never requests the recorder when the project is switched off', async () => {
    await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { enabled: false } });
    const { page, chunkRequests, loaderBytes } = await open({});
    await statusIs(page, 'disabled');
    expect(chunkRequests()).toHaveLength(0);
    expect(await loaderBytes()).toBeLessThanOrEqual(PRE_GATE_MAX_BYTES);
  });

  it('never requests the recorder for a session sampled out', async () => {
    await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { sampleRate: 0 } });
    const { page, chunkRequests, loaderBytes } = await open({});
    await statusIs(page, 'not-sampled');
    expect(chunkRequests()).toHaveLength(0);
    expect(await loaderBytes()).toBeLessThanOrEqual(PRE_GATE_MAX_BYTES);
  });

  it('does not start a recording an opt-out called off while the recorder loaded', async () => {
    context = await browser.newContext();
    await serveRecorderPages(context, server);
    // Hold the chunk until the visitor has opted out.
    let requested!: () => void;
    const chunkAsked = new Promise<void>((r) => (requested = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await context.route(`${server.url}/veil-recorder.*.js`, async (route) => {
      requested();
      await released;
      await route.continue();
    });
    const ingest: Request[] = [];
    context.on('request', (r) => r.url().includes('/api/v1/ingest') && ingest.push(r));
    const page = await context.newPage();
    await page.goto(pageUrl(server));
    await chunkAsked;
    await page.evaluate(() => (window as any).Veil.optOut());
    release();
    // The chunk arrived and ran (it removes its callback), and recording did not start.
    await page.waitForFunction(() => !('__veilRecorderReady' in window));
    expect(await page.evaluate(() => (window as any).Veil.getStatus())).toBe('opted-out');
    expect(await page.evaluate(() => (window as any).Veil.getSessionId())).toBeNull();
    await page.evaluate(() => (window as any).Veil.flush());
    expect(ingest).toHaveLength(0);
  });
});
