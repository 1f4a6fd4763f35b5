import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startVeil, type VeilServer } from '../helpers/veil-server.js';

/**
 * A page on another origin that the admin happens to visit: it fires login attempts at Veil from
 * the admin's own browser (so from the admin's address), the way any page can: `no-cors` POSTs,
 * which need no preflight, and a JSON POST, which needs one.
 */
const HOSTILE_PAGE = `<!doctype html><script>
window.attack = async (veil) => {
  const noCors = [];
  for (let i = 0; i < 30; i++) {
    const body = JSON.stringify({ token: 'vat_guess-' + i });
    const init = [
      { body },
      { body: new URLSearchParams({ token: 'vat_guess-' + i }) },
      { body: new Blob([body], { type: 'text/plain' }) },
    ][i % 3];
    noCors.push(fetch(veil + '/api/v1/auth/login', { method: 'POST', mode: 'no-cors', ...init }).then((r) => r.type, (e) => 'error'));
  }
  const json = await fetch(veil + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"vat_guess"}' })
    .then((r) => 'answered ' + r.status, () => 'blocked');
  return { noCors: await Promise.all(noCors), json };
};
</script>`;

describe('a hostile page the admin visits cannot lock the admin out of the viewer', () => {
  let veil: VeilServer;
  let hostile: Server;
  let browser: Browser;
  beforeAll(async () => {
    veil = await startVeil();
    hostile = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(HOSTILE_PAGE));
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    hostile?.close();
    await veil?.stop();
    veil?.cleanup();
  });

  it('sends 30 no-cors login POSTs and a JSON one from another origin; the admin then logs in at once', async () => {
    const page = await browser.newPage();
    // Another origin: localhost vs 127.0.0.1, another port.
    await page.goto(`http://localhost:${(hostile.address() as AddressInfo).port}/`);
    const result = await page.evaluate((url) => (window as unknown as { attack(u: string): Promise<{ noCors: string[]; json: string }> }).attack(url), veil.url);
    expect(result.noCors).toEqual(Array(30).fill('opaque')); // all were sent and answered
    expect(result.json).toBe('blocked'); // the preflight got no CORS answer, so the POST never left
    // The admin, in the same browser, opens Veil and logs in as the viewer does.
    await page.goto(`${veil.url}/`);
    const status = await page.evaluate(
      (token) =>
        fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-veil-csrf': '1' }, body: JSON.stringify({ token }) }).then(
          (r) => r.status,
        ),
      veil.adminToken,
    );
    expect(status).toBe(200);
    // And a wrong token from the same address is still only the first counted failure: 401, not 429.
    const wrong = await page.evaluate(() =>
      fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"vat_typo"}' }).then((r) => r.status),
    );
    expect(wrong).toBe(401);
    await page.close();
  });
});
