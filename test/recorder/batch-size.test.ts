import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLUSH_SIZE_BYTES } from '../../packages/protocol/src/limits.js';
import { captureIngestBodies, launchChromium } from '../helpers/browser.js';
import { startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';
import { pageUrl, serveRecorderPages } from './page.js';

/**
 * Batches form at FLUSH_SIZE_BYTES of real JSON (or at the flush interval), not at a guess per
 * added node: a page that adds 21,000 nodes in bursts sends a few full batches, not dozens of
 * small ones (the guess of 300 B per added node formed one per ~85 KB).
 */
describe('recorder: batches form by their real size', () => {
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

  it('a burst of 21,000 added nodes forms batches of at least 256 KB of JSON each, one request each', async () => {
    context = await browser.newContext();
    await serveRecorderPages(context, server);
    const page = await context.newPage();
    const { bodies } = captureIngestBodies(page);
    // The longest flush interval: every batch before the final flush formed because it was full.
    await page.goto(pageUrl(server, { flushIntervalMs: 30_000 }));
    await page.waitForFunction(() => (window as any).Veil.getStatus() === 'recording');
    await page.evaluate(async () => {
      const root = document.getElementById('root')!;
      for (let b = 0; b < 30; b++) {
        const burst = document.createDocumentFragment();
        for (let i = 0; i < 70; i++) {
          const row = document.createElement('div');
          for (let j = 0; j < 9; j++) {
            const cell = document.createElement('span');
            cell.textContent = `item ${b}-${i}-${j}`;
            row.appendChild(cell);
          }
          burst.appendChild(row);
        }
        root.appendChild(burst);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      await (window as any).Veil.flush();
    });
    const formed = (await page.evaluate(() => (window as any).__batches.length)) as number;
    await waitFor(() => bodies.length >= formed, `${formed} batches sent`);
    const sizes = bodies.map((b) => b.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`[figures] 21,000 nodes in 30 bursts: ${formed} batches, ${Math.round(total / 1024)} KB of JSON, sizes ${sizes.map((s) => Math.round(s / 1024)).join(', ')} KB`);
    expect(bodies).toHaveLength(formed);
    // Every batch but the one the final flush formed is full; so there are as few as the bytes allow.
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(FLUSH_SIZE_BYTES);
    expect(formed).toBeLessThanOrEqual(Math.ceil(total / FLUSH_SIZE_BYTES));
  });
});
