import Database from 'better-sqlite3';
import { join } from 'node:path';
import { chunkEventsJson, type StoredChunk } from '../../apps/server/src/store/chunk-format.js';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { VeilServer } from '../helpers/veil-server.js';

/**
 * Test pages for the transport suite, served by Playwright on the Veil server's own origin under
 * `/t/…` (the real server serves `/veil.js` and the API). Each page records with the options in
 * its `?o=` JSON and tallies every batch it forms in sessionStorage (`t:batches`, survives
 * navigation and reload in the tab) through the recorder's `onBatch` hook.
 */
export async function serveTestPages(context: BrowserContext, server: Pick<VeilServer, 'url' | 'projectKey'>): Promise<void> {
  // The server serves the built recorder; a build run meanwhile in the same checkout empties
  // packages/recorder/dist for a moment: fetch it again rather than fail the page.
  await context.route(`${server.url}/veil.js`, async (route) => {
    for (let attempt = 0; ; attempt++) {
      const response = await route.fetch().catch(() => null);
      if ((response && response.ok()) || attempt >= 20) return response ? route.fulfill({ response }) : route.abort();
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  await context.route(`${server.url}/t/**`, (route) => {
    const url = new URL(route.request().url());
    const big = url.pathname.endsWith('/big') ? `<div id="big">${'Lorem ipsum dolor sit amet, page text. '.repeat(4000)}</div>` : '';
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page(server.projectKey, url.pathname, big) });
  });
}

function page(projectKey: string, path: string, extra: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>t ${path}</title></head><body>
<h1>Test page ${path}</h1>
<a id="to-a" href="/t/a">a</a> <a id="to-b" href="/t/b">b</a> <a id="to-big" href="/t/big">big</a>
<button id="btn" onclick="document.getElementById('log').textContent = window.__mark || 'clicked'">button</button>
<div id="log"></div><div id="tick"></div>${extra}
<script src="/veil.js"></script>
<script>
  // Carry the test options across navigations: the query string, or the tab's stored copy.
  const q = new URLSearchParams(location.search).get('o');
  if (q) sessionStorage.setItem('t:opts', q);
  const opts = JSON.parse(sessionStorage.getItem('t:opts') || '{}');
  window.__ticks = 0;
  setInterval(() => { if (window.__tick) document.getElementById('tick').textContent = 'tick ' + (++window.__ticks); }, 50);
  Veil.init(Object.assign({ endpoint: location.origin, projectKey: ${JSON.stringify(projectKey)}, debug: true }, opts, {
    onBatch(b) {
      const all = JSON.parse(sessionStorage.getItem('t:batches') || '[]');
      all.push([b.sessionId, b.seq, b.events]);
      sessionStorage.setItem('t:batches', JSON.stringify(all));
    },
  }));
</script></body></html>`;
}

/** `sessionId:seq` -> events, as the page formed them (from the tab's tally). */
export async function formedBatches(page: Page): Promise<Map<string, number>> {
  const rows = (await page.evaluate(() => JSON.parse(sessionStorage.getItem('t:batches') || '[]'))) as Array<[string, number, number]>;
  const out = new Map<string, number>();
  for (const [sid, seq, n] of rows) {
    if (out.has(`${sid}:${seq}`)) throw new Error(`seq ${seq} of ${sid} formed twice`);
    out.set(`${sid}:${seq}`, n);
  }
  return out;
}

/** `sessionId:seq` -> stored event count, read from the server's database. */
export function storedBatches(dataDir: string, sessionIds?: Iterable<string>): Map<string, number> {
  const db = new Database(join(dataDir, 'veil.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT session_id AS sid, seq, event_count AS n FROM chunks').all() as Array<{ sid: string; seq: number; n: number }>;
    const only = sessionIds ? new Set(sessionIds) : null;
    return new Map(rows.filter((r) => !only || only.has(r.sid)).map((r) => [`${r.sid}:${r.seq}`, r.n]));
  } finally {
    db.close();
  }
}

/** Every stored event of one session, in seq order (straight from the database). */
export function storedEvents(dataDir: string, sessionId: string): Array<{ type: number; timestamp: number; data: any }> {
  const db = new Database(join(dataDir, 'veil.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT body, encoding FROM chunks WHERE session_id = ? ORDER BY seq').all(sessionId) as StoredChunk[];
    return rows.flatMap((r) => JSON.parse(chunkEventsJson(r)));
  } finally {
    db.close();
  }
}

/** Compares what the page formed with what the server stored: missing, extra, and event totals. */
export function compare(formed: Map<string, number>, stored: Map<string, number>) {
  const missing = [...formed.keys()].filter((k) => !stored.has(k));
  const extra = [...stored.keys()].filter((k) => !formed.has(k));
  const countMismatch = [...formed].filter(([k, n]) => stored.has(k) && stored.get(k) !== n).map(([k]) => k);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { missing, extra, countMismatch, formedEvents: sum(formed), storedEvents: sum(stored), batches: formed.size };
}

/** Records ingest and config requests of a context (Playwright sees each as it is issued). */
export function watchVeilRequests(context: BrowserContext): { ingest: Request[]; config: Request[] } {
  const seen = { ingest: [] as Request[], config: [] as Request[] };
  context.on('request', (r) => {
    if (r.url().includes('/api/v1/ingest')) seen.ingest.push(r);
    else if (r.url().includes('/api/v1/config')) seen.config.push(r);
  });
  return seen;
}

/** Every `veil:` key the page keeps in local or session storage. */
export function veilStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith('veil:')));
}

export const status = (page: Page): Promise<string> => page.evaluate(() => (window as any).Veil.getStatus());
export const waitForStatus = (page: Page, s: string) => page.waitForFunction((s) => (window as any).Veil?.getStatus() === s, s, { timeout: 20_000 });
