import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';
import { storedEvents, waitForStatus } from './fixture.js';

/**
 * One person per session, across the pages of a tab: the session lives in sessionStorage, so a
 * later page that identifies another person before recording starts (before init, or while
 * waiting for consent) must start a new session, not write the new id onto the stored one — or
 * the first person's erasure would no longer find the screens recorded under their name.
 */
describe('identify() before recording starts on a later page of the tab', () => {
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

  /**
   * Pages under `/who/<name>?user=…&consent=…` on the server's origin: each calls
   * Veil.identify(user) first and Veil.init() after it; with `consent=later` it records only
   * once the test calls Veil.consent(true).
   */
  async function openContext(): Promise<Page> {
    context = await browser.newContext();
    await context.route(`${server.url}/who/**`, (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body>
<h1>Screen of page ${name}</h1>
<script src="/veil.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  Veil.identify(q.get('user'));
  Veil.init({ endpoint: location.origin, projectKey: ${JSON.stringify(server.projectKey)}, requireConsent: q.get('consent') === 'later' });
</script></body></html>`,
      });
    });
    return context.newPage();
  }

  const sessionsOf = async (userId: string): Promise<string[]> =>
    (await apiAs(server, `/api/v1/sessions?userId=${userId}`)).body.sessions.map((s: { id: string }) => s.id);
  const currentSession = (page: Page): Promise<string> => page.evaluate(() => (window as any).Veil.getSessionId());
  /** Sends what is buffered and waits until the server stores the session with `text` in it. */
  async function storedWith(page: Page, sessionId: string, text: string): Promise<void> {
    await page.evaluate(() => (window as any).Veil.flush());
    await waitFor(() => {
      try {
        return JSON.stringify(storedEvents(server.dataDir, sessionId)).includes(text);
      } catch {
        return false; // the database file is not there yet
      }
    }, `session ${sessionId} to hold "${text}"`);
  }

  it.each([
    ['before init()', 'now', 'alice-init', 'bob-init'],
    ['while waiting for consent', 'later', 'alice-consent', 'bob-consent'],
  ])('%s: another person gets a new session; the first keeps theirs, and their erasure deletes exactly it', async (_when, consent, alice, bob) => {
    const page = await openContext();
    const refused: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/ingest') && r.status() >= 400) refused.push(r.status());
    });
    const start = async () => {
      if (consent === 'later') await page.evaluate(() => (window as any).Veil.consent(true));
      await waitForStatus(page, 'recording');
    };

    await page.goto(`${server.url}/who/one?user=${alice}&consent=${consent}`);
    await start();
    const first = await currentSession(page);
    await storedWith(page, first, 'Screen of page one');

    await page.goto(`${server.url}/who/two?user=${bob}&consent=${consent}`);
    await start();
    const second = await currentSession(page);
    await storedWith(page, second, 'Screen of page two');

    expect(second).not.toBe(first);
    expect(await sessionsOf(alice)).toEqual([first]);
    expect(await sessionsOf(bob)).toEqual([second]);
    expect(JSON.stringify(storedEvents(server.dataDir, first))).not.toContain('Screen of page two');
    // The recorder got it right itself: the server did not have to refuse a batch.
    expect(refused).toEqual([]);

    const erasure = await apiAs(server, `/api/v1/users/${alice}/sessions`, { method: 'DELETE' });
    expect(erasure.body).toEqual({ deleted: 1 });
    expect(await sessionsOf(alice)).toEqual([]);
    expect(await sessionsOf(bob)).toEqual([second]);
  });

  it('the same person on the next page continues the session', async () => {
    const page = await openContext();
    await page.goto(`${server.url}/who/one?user=carol`);
    await waitForStatus(page, 'recording');
    const first = await currentSession(page);
    await storedWith(page, first, 'Screen of page one');

    await page.goto(`${server.url}/who/two?user=carol`);
    await waitForStatus(page, 'recording');

    expect(await currentSession(page)).toBe(first);
    await storedWith(page, first, 'Screen of page two');
    expect(await sessionsOf('carol')).toEqual([first]);
  });
});
