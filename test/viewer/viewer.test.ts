import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, REPO_ROOT, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';
import { FIREFOX_MAC, forbidDialogs, ingest, logIn, pageView, recordSession, SAFARI_IPHONE } from './fixtures.js';

const SHOTS = join(REPO_ROOT, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };

// Four sessions: a long one of user-1001 (started 10 min ago), a short one of user-2002 started
// three days ago, an anonymous one on an iPhone (5 min ago) and one in Firefox (26 hours ago).
const LONG = 'long-session-0000001';
const OLD = 'old-session-00000002';
const ANON = 'anon-session-0000003';
const FIREFOX = 'firefox-session-000004';

describe('the viewer in Chromium: find, replay, manage', () => {
  let server: VeilServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dialogs: ReturnType<typeof forbidDialogs>;

  const rows = () => page.$$eval('tr.session-row', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.sessionId));
  const playerState = () =>
    page.$eval('.player-page', (el) => ({
      status: (el as HTMLElement).dataset.status,
      ms: Number((el as HTMLElement).dataset.currentMs),
      speed: Number((el as HTMLElement).dataset.speed),
    }));
  const waitStatus = (status: string) => page.waitForSelector(`.player-page[data-status="${status}"]`);
  const openSession = async (id: string, hash = '') => {
    await page.goto(`${server.url}/sessions/${id}${hash}`);
    await page.waitForSelector('.stage[data-first-frame]');
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startVeil();
    await recordSession(server, { sessionId: LONG, userId: 'user-1001', minutes: 4, startedAgoMs: 10 * 60_000 });
    await recordSession(server, { sessionId: OLD, userId: 'user-2002', minutes: 1, startedAgoMs: 3 * 86_400_000 });
    // The heading carries an email the (hand-built) recorder left unmasked: the server masks it and counts it.
    await recordSession(server, { sessionId: ANON, minutes: 2, startedAgoMs: 5 * 60_000, href: 'https://shop.example.com/cart', heading: 'Questions? help.desk@example.org', userAgent: SAFARI_IPHONE });
    await recordSession(server, { sessionId: 'firefox-session-000004', userId: 'user-3003', minutes: 2.5, startedAgoMs: 26 * 60 * 60_000, href: 'https://shop.example.com/lamps/aurora', userAgent: FIREFOX_MAC });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    dialogs = forbidDialogs(page);
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });

  it('logs in with a token and lists sessions newest first', async () => {
    await logIn(page, server);
    await page.waitForSelector('tr.session-row');
    expect(await rows()).toEqual([ANON, LONG, FIREFOX, OLD]);
    expect(await page.textContent(`tr[data-session-id="${ANON}"] .badge`)).toMatch(/^\d+ redacted$/);
    expect(await page.$(`tr[data-session-id="${LONG}"] .badge`)).toBeNull();
    const first = await page.$eval(`tr[data-session-id="${LONG}"]`, (tr) => (tr as HTMLElement).innerText);
    expect(first).toContain('user-1001');
    expect(first).toContain('4:00'); // duration
    expect(first).toContain('Chrome'); // browser / OS
    expect(first).toContain('shop.example.com/lamps');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'sessions.png') });
  });

  it('filters by end-user id, URL, minimum duration and time range (kept in the URL)', async () => {
    await page.fill('input[name=userId]', 'user-2002');
    await page.click('form.filters button[type=submit]');
    await waitFor(async () => JSON.stringify(await rows()) === JSON.stringify([OLD]), 'the user filter');
    expect(new URL(page.url()).search).toBe('?userId=user-2002');

    await page.click('text=Clear');
    await page.fill('input[name=urlContains]', '/checkout');
    await page.click('form.filters button[type=submit]');
    // Every session visits /checkout at half time; the anonymous one starts there.
    await waitFor(async () => (await rows()).length === 4, 'the URL filter');
    await page.fill('input[name=urlContains]', '/cart');
    await page.click('form.filters button[type=submit]');
    await waitFor(async () => JSON.stringify(await rows()) === JSON.stringify([ANON]), 'the URL filter (first page)');

    await page.click('text=Clear');
    await page.fill('input[name=minDuration]', '180');
    await page.click('form.filters button[type=submit]');
    await waitFor(async () => JSON.stringify(await rows()) === JSON.stringify([LONG]), 'the duration filter');

    await page.click('text=Clear');
    await page.selectOption('select[name=range]', '24h');
    await page.click('form.filters button[type=submit]');
    await waitFor(async () => JSON.stringify(await rows()) === JSON.stringify([ANON, LONG]), 'the time range');

    // Back restores the previous filter.
    await page.goBack();
    await waitFor(async () => JSON.stringify(await rows()) === JSON.stringify([ANON, LONG, FIREFOX, OLD]), 'Back to all sessions');
  });

  it('paginates with the cursor', async () => {
    for (let i = 0; i < 52; i++) {
      const id = `bulk-session-${String(i).padStart(8, '0')}`;
      await ingest(server, id, 0, pageView(Date.now() - 86_400_000 - i * 60_000, 'https://shop.example.com/', 'Bulk', 'Bulk').events);
    }
    await page.goto(`${server.url}/?range=7d`);
    await waitFor(async () => (await rows()).length === 50, 'the first page');
    await page.click('text=Load more');
    await waitFor(async () => (await rows()).length === 56, 'the second page');
    expect(await page.$('text=Load more')).toBeNull();
  });

  it('opens a session: first frame in a sandboxed iframe without scripts, markers and events', async () => {
    await page.goto(`${server.url}/?userId=user-1001`);
    await page.click(`tr[data-session-id="${LONG}"]`);
    await page.waitForSelector('.stage[data-first-frame]');
    await waitStatus('paused');
    const sandbox = await page.$eval('.stage iframe', (f) => f.getAttribute('sandbox'));
    expect(sandbox).toBe('allow-same-origin'); // no allow-scripts: recorded pages run nothing
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await waitFor(async () => (await frame.textContent('header').catch(() => null)) === 'Example shop', 'the replayed page');

    await page.waitForSelector('.player-page[data-loaded-all="true"]');
    const panel = await page.$eval('.events-panel', (el) => (el as HTMLElement).innerText);
    expect(panel).toContain('Lamps — Example shop'); // page title from the snapshot
    expect(panel).toContain('https://shop.example.com/lamps');
    expect(panel).toContain('Click button#buy "Add to cart"');
    expect(panel).toContain('Input input#email');
    expect(panel).toContain('Recording gap: 3 batches lost');
    for (const kind of ['nav', 'click', 'input', 'gap']) expect(await page.$$(`.timeline .marker.${kind}`)).not.toHaveLength(0);
    expect(await page.$$('.timeline .inactive')).not.toHaveLength(0); // the idle stretch from 25 % to 45 %
  });

  it('plays, pauses with the space bar and seeks with the arrows and the event panel', async () => {
    await page.click('button.play');
    await waitStatus('playing');
    await waitFor(async () => (await playerState()).ms > 500, 'playback to advance');
    await page.keyboard.press('Space');
    await waitStatus('paused');
    const at = (await playerState()).ms;
    await page.keyboard.press('ArrowRight');
    await waitFor(async () => (await playerState()).ms === Math.min(at + 5_000, 240_000), 'a 5 s step forward');
    await page.click('.events-panel li.ev.click button');
    await waitFor(async () => Math.abs((await playerState()).ms - 12_600) < 5, 'the click in the panel');
    expect((await playerState()).status).toBe('paused');
  });

  it('seeks by deep link (#t=m:ss), on load and on hash change, and copies a link to the moment', async () => {
    await openSession(LONG, '#t=1:30');
    await waitFor(async () => {
      const s = await playerState();
      return s.status === 'paused' && s.ms === 90_000;
    }, 'the deep-linked time');
    expect(await page.textContent('.control-row .current')).toBe('1:30');
    await page.evaluate(() => (location.hash = '#t=0:45'));
    await waitFor(async () => (await playerState()).ms === 45_000, 'the new hash');
    await page.hover('.events-panel li.ev.click');
    await page.screenshot({ path: join(SHOTS, 'player.png') });
    await page.click('[data-testid=copy-link]');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${server.url}/sessions/${LONG}#t=0:45`);
  });

  it('changes speed: at 8× the recording runs much faster than real time', async () => {
    await page.click('.speeds button:has-text("8×")');
    expect((await playerState()).speed).toBe(8);
    await page.click('button.play');
    await waitStatus('playing');
    const t0 = Date.now();
    const m0 = (await playerState()).ms;
    await waitFor(async () => (await playerState()).ms - m0 >= 16_000, '16 s of recording');
    const real = Date.now() - t0;
    const advanced = (await playerState()).ms - m0;
    // A ratio measured in the same window, not a time limit: 8× plays several recorded seconds per real one.
    expect(advanced / real).toBeGreaterThan(3);
    await page.keyboard.press('Space');
    await waitStatus('paused');
    await page.keyboard.press('ArrowDown');
    expect((await playerState()).speed).toBe(4);
  });

  it('deletes a session (admin), with an inline confirmation', async () => {
    await openSession(ANON);
    await page.click('.actions button:has-text("Delete")');
    await page.click('button:has-text("Delete session")');
    await page.waitForSelector('.ok-box:has-text("The session was deleted.")');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.waitForSelector('tr.session-row');
    expect(await rows()).not.toContain(ANON);
    expect((await apiAs(server, `/api/v1/sessions/${ANON}`)).status).toBe(404);
  });

  it('turns recording off for a project (admin); ingest is then refused', async () => {
    await page.click('.topbar a:has-text("Admin")');
    await page.waitForSelector('article.project');
    const snippet = await page.textContent('[data-testid=embed-snippet]');
    expect(snippet).toBe(`<script src="${server.url}/veil.js"></script>\n<script>Veil.init({ endpoint: '${server.url}', projectKey: '${server.projectKey}' })</script>`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'admin.png') });

    await page.click('article.project .toggle');
    await page.waitForSelector('.ok-box:has-text("Recording is off")');
    expect(await page.textContent('.toggle-label')).toBe('Recording off');
    const { body } = await apiAs(server, `/api/v1/projects/${server.projectId}`);
    expect(body.enabled).toBe(false);
    await expect(ingest(server, 'after-off-0000000001', 0, pageView(Date.now(), 'https://x.example/', 't', 'h').events)).rejects.toThrow(/403/);

    await page.fill('input[name=retentionDays]', '14');
    await page.click('button:has-text("Save settings")');
    await page.waitForSelector('.ok-box:has-text("Settings saved.")');
    expect((await apiAs(server, `/api/v1/projects/${server.projectId}`)).body.retentionDays).toBe(14);
  });

  it('creates a token (shown once) and revokes it', async () => {
    await page.click('.tabs a:has-text("Access tokens")');
    await page.fill('input[name=label]', 'Support: Dana');
    await page.click('button:has-text("Create token")');
    const token = (await page.textContent('[data-testid=new-token]'))!;
    expect(token).toMatch(/\S{20,}/);
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const row = page.locator('tr', { hasText: 'Support: Dana' });
    await row.locator('button:has-text("Revoke")').click();
    await row.locator('button.danger:has-text("Revoke")').click();
    await page.waitForSelector('tr.dim:has-text("Support: Dana")');
    const after = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('shows the audit log with who watched and changed what', async () => {
    await page.click('.tabs a:has-text("Audit log")');
    await page.waitForSelector('table.audit');
    const text = await page.$eval('table.audit', (t) => (t as HTMLElement).innerText);
    expect(text).toContain('session.view');
    expect(text).toContain('project.update');
    expect(text).toContain('token.revoke');
    await page.fill('input[name=action]', 'token.create');
    await page.click('form.filters button[type=submit]');
    await waitFor(async () => {
      const actions = await page.$$eval('table.audit .action-tag', (els) => els.map((e) => e.textContent));
      return actions.length > 0 && actions.every((a) => a === 'token.create');
    }, 'the action filter');
  });

  it('gives a viewer token no admin actions', async () => {
    const { body } = await apiAs(server, '/api/v1/tokens', { method: 'POST', body: { role: 'viewer' } });
    const viewer = await browser.newContext({ viewport: VIEWPORT });
    const p = await viewer.newPage();
    await p.goto(server.url + '/');
    await p.fill('#token', body.token);
    await p.click('button[type=submit]');
    await p.waitForSelector('tr.session-row');
    expect(await p.$('.topbar a:has-text("Admin")')).toBeNull();
    // Viewers filter by project name too (names only: no keys or settings reach them).
    await p.waitForSelector('select[name=projectId] option:has-text("Default")', { state: 'attached' });
    await p.goto(`${server.url}/sessions/${LONG}`);
    await p.waitForSelector('.stage[data-first-frame]');
    expect(await p.$('.actions button:has-text("Delete")')).toBeNull();
    await p.goto(`${server.url}/admin`);
    await p.waitForSelector('text=Only admins can open the admin pages.');
    await viewer.close();
  });

  it('serves viewer pages with a strict CSP and security headers', async () => {
    for (const path of ['/', '/sessions/x', '/admin', '/assets/app.js']) {
      const r = await fetch(server.url + path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('permissions-policy')).toContain('camera=()');
    }
    // The player is a hashed chunk, loaded on demand and cached for good.
    const chunk = /chunk-[A-Z0-9]+\.js/.exec(await (await fetch(`${server.url}/assets/app.js`)).text())?.[0];
    expect(chunk).toBeDefined();
    const r = await fetch(`${server.url}/assets/${chunk}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/..%2Fpackage.json`)).status).toBe(404);
    dialogs.check();
  });
});
