import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { captureIngestBodies } from '../../helpers/browser.js';
import { dumpStoredText } from '../../helpers/database.js';
import { apiAs, waitFor, type VeilServer } from '../../helpers/veil-server.js';

/** Everything a recording left behind, as text to search for secrets. */
export interface Capture {
  sessionId: string;
  /** Every body the page sent to ingest, decoded. */
  wire: string;
  /** `GET /api/v1/sessions/:id/events`, as returned. */
  events: unknown[];
  stored: string;
  /** All three joined: a secret absent from this never left the page. */
  all: string;
  /** Uncaught errors in the page (a broken fixture, or the recorder throwing into the page). */
  pageErrors: string[];
}

/** Reads `test/privacy/fixtures/<name>` and fills in the Veil server and init options. */
export function fixturePage(name: string, server: Pick<VeilServer, 'url' | 'projectKey'>, initOptions: Record<string, unknown> = {}): string {
  const options = { endpoint: server.url, projectKey: server.projectKey, flushIntervalMs: 1000, ...initOptions };
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .replaceAll('__VEIL_URL__', server.url)
    .replaceAll('__VEIL_INIT__', JSON.stringify(options));
}

/**
 * Opens `url` in a fresh browser context, waits until Veil records, lets `act` play the user,
 * then flushes and polls the events API until `finalText` (appended by `act` last) is stored
 * and the request that carried it was seen.
 */
export async function recordPage(
  browser: Browser,
  server: VeilServer,
  url: string,
  finalText: string,
  act: (page: Page) => Promise<void>,
): Promise<Capture> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const { bodies } = captureIngestBodies(page);
    await page.goto(url);
    await page.waitForFunction(() => (window as any).Veil?.getStatus() === 'recording');
    await act(page);
    const sessionId: string = await page.evaluate(() => (window as any).Veil.getSessionId());
    const events = await waitFor(async () => {
      await page.evaluate(() => (window as any).Veil.flush());
      const { status, body } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
      return status === 200 && Array.isArray(body) && JSON.stringify(body).includes(finalText) ? (body as unknown[]) : null;
    }, `"${finalText}" to be stored`);
    // Playwright reports requests asynchronously: the stored batch's request may not have
    // reached our listener yet.
    await waitFor(() => bodies.some((body) => body.includes(finalText)), `the request carrying "${finalText}"`);
    const wire = bodies.join('\n');
    const stored = dumpStoredText(server.dataDir);
    const all = `${wire}\n${JSON.stringify(events)}\n${stored}`;
    // VEIL_DUMP=/tmp/capture.txt keeps the capture, to look at a leak by hand.
    if (process.env.VEIL_DUMP) writeFileSync(process.env.VEIL_DUMP, all);
    return { sessionId, wire, events, stored, all, pageErrors };
  } finally {
    await context.close();
  }
}

/** The forms a secret can take on the wire: as typed, URL-encoded, JSON-escaped, without spaces. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), secret.replace(/\s+/g, '')]);
  return [...forms].filter((s) => s.length >= 4);
}

/** The secrets (in any form) that `text` contains. */
export function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => secretForms(s).some((form) => text.includes(form)));
}
