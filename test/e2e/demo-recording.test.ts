import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIngestBodies, launchChromium } from '../helpers/browser.js';
import { dumpStoredText } from '../helpers/database.js';
import { hasPostgres, postgresTestDatabase } from '../helpers/postgres.js';
import { dumpPostgresText } from '../helpers/postgres-dump.js';
import { apiAs, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';

// What a user types into the demo shop's sign-up form.
const SECRETS = {
  name: 'Jane Quinterra',
  email: 'jane.quinterra@example.org',
  password: 'Sup3r-Secret-Pa55',
  card: '4111 1111 1111 1111',
};
// Ordinary page text that must be recorded (or the recorder recorded nothing).
const ORDINARY = ['Featured lamps', 'Hand-made lamps for every room', 'Create your account', 'Aurora desk lamp'];

// The same recording with the server on SQLite (its data dir) and on PostgreSQL (VEIL_DATABASE_URL).
for (const backend of ['sqlite', 'postgres'] as const) describe.skipIf(backend === 'postgres' && !hasPostgres())(`the demo shop, recorded in real Chromium and replayed through the API (${backend})`, () => {
  let server: VeilServer;
  let browser: Browser;
  let sent: string[] = [];
  let sessionId = '';
  let databaseUrl: string | null = null;

  beforeAll(async () => {
    databaseUrl = backend === 'postgres' ? await postgresTestDatabase() : null;
    server = await startVeil(databaseUrl ? { env: { VEIL_DATABASE_URL: databaseUrl } } : {});
    browser = await launchChromium();
    const page = await browser.newPage();
    sent = captureIngestBodies(page).bodies;
    await page.goto(`${server.url}/demo`);
    await page.waitForFunction(() => (window as any).Veil?.getStatus() === 'recording');
    await page.fill('#name', SECRETS.name);
    await page.fill('#email', SECRETS.email);
    await page.type('#password', SECRETS.password);
    await page.click('#toggle-password'); // the show-password toggle must not reveal it
    await page.type('#password', '!');
    await page.type('#card', SECRETS.card);
    await page.click('#add-product');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Welcome aboard');
    // A single-page-app navigation with personal data in the URL: a page view, scrubbed.
    await page.evaluate((email) => history.pushState({}, '', `/demo/checkout?email=${email}&utm_source=mail#token=abc123`), SECRETS.email);
    sessionId = await page.evaluate(() => (window as any).Veil.getSessionId());
    await page.evaluate(() => (window as any).Veil.flush());
    await waitFor(async () => {
      const { body } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
      const text = JSON.stringify(body);
      return Array.isArray(body) && text.includes('Welcome aboard') && text.includes('/demo/checkout');
    }, 'the last batch to be stored');
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });

  it('lists the session with its metadata', async () => {
    const { status, body } = await apiAs(server, '/api/v1/sessions');
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    const row = body.sessions.find((s: { id: string }) => s.id === sessionId);
    expect(row).toMatchObject({ id: sessionId, projectId: server.projectId, pages: 2, browser: expect.stringContaining('Chrome') });
    expect(row.clicks).toBeGreaterThanOrEqual(3);
    expect(row.firstUrl).toBe(`${server.url}/demo`);
  });

  it('records a pushState navigation as a page view with its URL scrubbed', async () => {
    const { body: events } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
    const pages = events.filter((e: { type: number }) => e.type === 4).map((e: { data: { href: string } }) => e.data.href);
    expect(pages).toEqual([`${server.url}/demo`, `${server.url}/demo/checkout?email=redacted&utm_source=mail#token=redacted`]);
    const filtered = await apiAs(server, '/api/v1/sessions?urlContains=/demo/checkout');
    expect(filtered.body.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId]);
  });

  it('replays: the events start with a meta and a full snapshot and are in time order', async () => {
    const { status, body: events } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
    expect(status).toBe(200);
    expect(events[0].type).toBe(4); // Meta
    expect(events.some((e: { type: number }) => e.type === 2)).toBe(true); // FullSnapshot
    const times = events.map((e: { timestamp: number }) => e.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('records the ordinary page text', async () => {
    const { body: events } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
    const stored = JSON.stringify(events);
    const wire = sent.join('\n');
    for (const text of ORDINARY) {
      expect(stored).toContain(text);
      expect(wire).toContain(text);
    }
  });

  it('never sends or stores what was typed into the form', async () => {
    expect(sent.length).toBeGreaterThan(0);
    const wire = sent.join('\n');
    const stored = databaseUrl ? await dumpPostgresText(databaseUrl) : dumpStoredText(server.dataDir);
    const card = SECRETS.card.replace(/ /g, '');
    for (const secret of [...Object.values(SECRETS), card, SECRETS.password + '!', 'Sup3r', 'quinterra']) {
      expect(wire).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    // Recording did happen: the typed fields are there, masked.
    expect(wire).toContain('********');
    // The dump reads the stored recording (so a secret in it would be found).
    expect(stored).toContain('Aurora desk lamp');
  });
});
