import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';
import { formedBatches, serveTestPages, storedBatches, storedEvents, status, veilStorageKeys, waitForStatus, watchVeilRequests } from './fixture.js';

/** Consent, opt-out, browser signals and the kill switch, in real Chromium against the real server. */
describe('recorder: off means off', () => {
  let server: VeilServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startVeil();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await context?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });

  async function open(options: Record<string, unknown>, init?: () => void) {
    context = await browser.newContext();
    await serveTestPages(context, server);
    if (init) await context.addInitScript(init);
    const requests = watchVeilRequests(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/t/a?o=${encodeURIComponent(JSON.stringify(options))}`);
    return { page, requests };
  }
  const click = async (page: Page, text: string) => {
    await page.evaluate((t) => ((window as any).__mark = t), text);
    await page.click('#btn');
  };
  const sessionOf = (page: Page): Promise<string> => page.evaluate(() => (window as any).Veil.getSessionId());
  const waitStored = (sessionId: string, atLeast = 1) =>
    waitFor(() => storedBatches(server.dataDir, [sessionId]).size >= atLeast, `${atLeast} stored batches`);

  it('requireConsent: nothing is fetched, stored or sent before consent(true); recording starts at consent', async () => {
    const { page, requests } = await open({ requireConsent: true, flushIntervalMs: 1000 });
    await waitForStatus(page, 'awaiting-consent');
    await click(page, 'clicked-before-consent');
    await page.mouse.move(10, 10);
    await page.mouse.move(200, 200);
    expect(requests.config).toHaveLength(0);
    expect(requests.ingest).toHaveLength(0);
    expect(await veilStorageKeys(page)).toEqual([]);

    const consentAt = await page.evaluate(() => ((window as any).Veil.consent(true), Date.now()));
    await waitForStatus(page, 'recording');
    await click(page, 'clicked-after-consent');
    const sessionId = await sessionOf(page);
    await page.evaluate(() => (window as any).Veil.flush());
    await waitFor(() => JSON.stringify(storedEvents(server.dataDir, sessionId)).includes('clicked-after-consent'), 'the consented click');
    const events = storedEvents(server.dataDir, sessionId);
    expect(events[0]!.type).toBe(4); // Meta, then the full snapshot taken at consent
    expect(events[1]!.type).toBe(2);
    expect(Math.min(...events.map((e) => e.timestamp))).toBeGreaterThanOrEqual(consentAt);
  });

  it('consent(false) stops at once and discards what was not sent', async () => {
    const { page, requests } = await open({ requireConsent: true, flushIntervalMs: 30_000 });
    await page.evaluate(() => (window as any).Veil.consent(true));
    await waitForStatus(page, 'recording');
    const sessionId = await sessionOf(page);
    await page.evaluate(() => (window as any).Veil.flush());
    await waitStored(sessionId);
    const stored = storedBatches(server.dataDir, [sessionId]);
    const sentBefore = requests.ingest.length;

    await click(page, 'clicked-then-withdrawn'); // buffered, not yet sent
    await page.evaluate(() => (window as any).Veil.consent(false));
    expect(await status(page)).toBe('awaiting-consent');
    expect(await veilStorageKeys(page)).toEqual([]);
    // Leaving the page is when a recorder would send what it holds: nothing must go.
    await page.click('#to-b');
    await waitForStatus(page, 'awaiting-consent');
    expect(requests.ingest.length).toBe(sentBefore);
    expect(storedBatches(server.dataDir, [sessionId])).toEqual(stored);
    expect(JSON.stringify(storedEvents(server.dataDir, sessionId))).not.toContain('clicked-then-withdrawn');
  });

  it('optOut() stops, discards, and is remembered by later pages', async () => {
    const { page, requests } = await open({ flushIntervalMs: 30_000 });
    await waitForStatus(page, 'recording');
    await click(page, 'clicked-then-opted-out');
    await page.evaluate(() => (window as any).Veil.optOut());
    expect(await status(page)).toBe('opted-out');
    expect(await veilStorageKeys(page)).toEqual(['veil:opt-out']);
    await page.click('#to-b');
    await waitForStatus(page, 'opted-out');
    await page.reload();
    await waitForStatus(page, 'opted-out');
    expect(requests.ingest).toHaveLength(0);
    expect(requests.config).toHaveLength(1); // only the first page's, before the opt-out
  });

  it('Global Privacy Control: records nothing, no request to ingest at all', async () => {
    const { page, requests } = await open({ flushIntervalMs: 1000 }, () =>
      Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => true }),
    );
    await waitForStatus(page, 'browser-signal');
    await click(page, 'clicked-with-gpc');
    await page.click('#to-b');
    await waitForStatus(page, 'browser-signal');
    expect(requests.ingest).toHaveLength(0);
    expect(requests.config).toHaveLength(0);
    expect(await veilStorageKeys(page)).toEqual([]);
  });

  it('the kill switch stops a running session within one flush interval + 1 s', async () => {
    const flushIntervalMs = 1000;
    const { page, requests } = await open({ flushIntervalMs });
    await waitForStatus(page, 'recording');
    const sessionId = await sessionOf(page);
    await page.evaluate(() => ((window as any).__tick = true));
    await waitStored(sessionId, 2);

    const refused = page.waitForResponse((r) => r.url().includes('/api/v1/ingest') && r.status() === 403, { timeout: 20_000 });
    const switchedAt = Date.now();
    const patch = await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { enabled: false } });
    expect(patch.status).toBe(200);
    const response = await refused;
    const refusedAt = Date.now();
    expect((await response.json()).error.code).toBe('recording_disabled');
    await waitForStatus(page, 'disabled');
    const stoppedAt = Date.now();
    const sentAtStop = requests.ingest.length;
    expect(await veilStorageKeys(page)).toEqual([]);

    // The last event the server accepted, against the switch (both clocks are this machine's).
    const events = storedEvents(server.dataDir, sessionId);
    const lastAcceptedTs = Math.max(...events.map((e) => e.timestamp));
    expect(lastAcceptedTs - switchedAt).toBeLessThanOrEqual(flushIntervalMs + 1000);
    expect(stoppedAt - switchedAt).toBeLessThanOrEqual(flushIntervalMs + 1000);
    // A next page asks the server again (the cached config was dropped) and does not record.
    await page.click('#to-b');
    await waitForStatus(page, 'disabled');
    expect(requests.ingest.length).toBe(sentAtStop);
    const formedAfter = [...(await formedBatches(page)).keys()].filter((k) => !storedBatches(server.dataDir, [sessionId]).has(k));
    console.log(`[transport] kill switch: first 403 ${refusedAt - switchedAt} ms after the PATCH, recorder ` +
      `stopped ${stoppedAt - switchedAt} ms after it; last accepted event ${lastAcceptedTs - switchedAt} ms relative ` +
      `to the switch; ${formedAfter.length} formed batch(es) discarded unsent; no ingest request after the stop`);
    await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { enabled: true } });
  });
});
