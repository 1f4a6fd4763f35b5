import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../lib/chromium.js';
import type { Row, Scenario } from '../lib/result.js';
import { ratioOf } from '../lib/result.js';
import { round, sleep } from '../lib/stats.js';
import { adminGet, startVeil } from '../lib/veil-server.js';

const S = '3 bytes';

/**
 * A scripted session on the real server's demo shop (typing, "Show more lamps", "Shuffle",
 * add to cart, mouse moves, scrolling): raw event JSON vs bytes on the wire (request bodies as
 * Playwright saw them) vs bytes stored (the session's storedBytes), per recorded minute.
 */
export const bytesScenario: Scenario = {
  id: 'bytes',
  title: S,
  async run({ smoke, log }) {
    const durationMs = smoke ? 5_000 : 60_000;
    const veil = await startVeil();
    let browser: Browser | null = null;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const sent = { requests: 0, wire: 0, raw: 0, failed: 0 };
      page.on('requestfinished', (request) => {
        if (!request.url().includes('/api/v1/ingest') || request.method() !== 'POST') return;
        void request.response().then((res) => {
          if (res?.status() !== 200) return void sent.failed++;
          const body = request.postDataBuffer();
          if (!body) return;
          sent.requests++;
          sent.wire += body.length;
          sent.raw += rawLength(body);
        });
      });
      await page.goto(`${veil.url}/demo`);
      await page.waitForFunction(() => (window as unknown as { Veil: { getStatus(): string } }).Veil.getStatus() === 'recording');
      const started = Date.now();
      await browse(page, started + durationMs);
      const sessionId = await page.evaluate(() => (window as unknown as { Veil: { getSessionId(): string } }).Veil.getSessionId());
      await page.evaluate(() => (window as unknown as { Veil: { flush(): Promise<void> } }).Veil.flush());
      const recordedMs = Date.now() - started;
      // Wait until every request the page sent is answered and stored.
      let session = { batchCount: 0, storedBytes: 0, eventCount: 0 };
      for (let i = 0; i < 100; i++) {
        await sleep(100);
        session = await adminGet<typeof session>(veil, `/api/v1/sessions/${sessionId}`);
        if (session.batchCount >= sent.requests && sent.requests > 0) break;
      }
      await page.close();
      const perMin = (bytes: number) => bytes / 1024 / (recordedMs / 60_000);
      log(`${sent.requests} requests, raw ${sent.raw} B, wire ${sent.wire} B, stored ${session.storedBytes} B in ${recordedMs} ms (${session.eventCount} events)`);
      const rawPerMin = perMin(sent.raw);
      const storedPerMin = perMin(session.storedBytes);
      const below = ratioOf(sent.raw, session.storedBytes);
      const what = `${round(recordedMs / 1000)} s scripted session, ${session.eventCount} events, ${sent.requests} batches (demo flushes every 2 s)`;
      const rows: Row[] = [
        { scenario: S, subject: 'Veil', metric: 'raw event JSON per minute', value: round(rawPerMin), unit: 'KB/min', note: what },
        {
          scenario: S, subject: 'Veil', metric: 'on the wire per minute (gzip request bodies)', value: round(perMin(sent.wire)), unit: 'KB/min',
          ratio: { vs: 'raw', value: ratioOf(sent.wire, sent.raw) }, note: sent.failed ? `${sent.failed} requests failed` : undefined,
        },
        {
          scenario: S, subject: 'Veil', metric: 'stored per minute (storedBytes)', value: round(storedPerMin), unit: 'KB/min',
          ratio: { vs: 'raw', value: ratioOf(session.storedBytes, sent.raw) }, goal: '≤ 100 KB/min, ≥ 8× below raw',
          met: storedPerMin <= 100 && below !== null && below >= 8, note: below === null ? undefined : `raw / stored = ${below.toFixed(1)}×`,
        },
      ];
      return rows;
    } finally {
      await browser?.close();
      await veil.close();
    }
  },
};

/** Length of the JSON inside a request body as sent: gzip, multipart (beacon) or plain. */
function rawLength(body: Buffer): number {
  if (body[0] === 0x1f && body[1] === 0x8b) return gunzipSync(body).length;
  const text = body.toString('latin1');
  if (text.startsWith('------')) {
    const start = body.indexOf(Buffer.from([0x1f, 0x8b]));
    if (start !== -1) {
      try {
        return gunzipSync(body.subarray(start)).length;
      } catch {
        // trailing multipart boundary after the gzip member: gunzip what precedes it
        return gunzipSync(body.subarray(start, body.lastIndexOf('\r\n------'))).length;
      }
    }
  }
  return body.length;
}

/** What a visitor does on the demo shop, over and over until `until`. */
async function browse(page: Page, until: number): Promise<void> {
  const words = ['Jane Quinterra', 'jane.quinterra@example.org', '4111 1111 1111 1111'];
  const fields = ['#name', '#email', '#card'];
  for (let round = 0; Date.now() < until; round++) {
    const steps: Array<() => Promise<unknown>> = [
      () => page.mouse.move(100 + ((round * 97) % 900), 100 + ((round * 53) % 500), { steps: 12 }),
      () => page.click('#add-product'),
      () => page.fill(fields[round % 3]!, ''),
      () => page.type(fields[round % 3]!, words[round % 3]!, { delay: 40 }),
      () => page.click('#shuffle'),
      () => page.click('#products .product:nth-child(2) button'),
      () => page.mouse.wheel(0, 400),
      () => page.mouse.move(600, 300, { steps: 8 }),
      () => page.mouse.wheel(0, -400),
      () => sleep(400),
    ];
    for (const step of steps) {
      if (Date.now() >= until) return;
      await step();
    }
  }
}
