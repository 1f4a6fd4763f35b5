import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';

/**
 * What gzip costs the page: the recorder's own `gzip()` (CompressionStream), bundled as is, on a
 * 256 KB batch of rrweb-like events. Measured in the page: the synchronous part of the call, the
 * longest stall of the main thread while the stream runs (a MessageChannel ping loop that yields
 * after every message), and the main-thread time the compression took in all (the ping loop's
 * lost time against an idle run of the same length).
 */
describe('compression cost on the main thread', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['in a worker, off the main thread', '<!doctype html><title>gzip cost</title>', 'inWorker'],
    ["on the main thread where the page's CSP forbids workers", `<!doctype html><meta http-equiv="Content-Security-Policy" content="worker-src 'none'"><title>gzip cost</title>`, 'onMainThread'],
  ] as const)('gzips a 256 KB batch correctly %s, and reports what it cost the page', async (_where, html, path) => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('../../packages/recorder/src/transport/compress.ts', import.meta.url))],
      bundle: true, format: 'iife', globalName: '__veilCompress', write: false, target: 'chrome100',
    });
    const page = await browser.newPage();
    await page.setContent(html);
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = await page.evaluate(async () => {
      const gzip = (window as any).__veilCompress.gzip as (t: string) => Promise<Uint8Array | null>;
      // rrweb-like events: mutations with varied text and attributes, ~256 KB of JSON.
      const words = 'lamp desk aurora oak brass shade cord bulb warm light room table floor wall hand made'.split(' ');
      const events: unknown[] = [];
      let n = 0;
      while (JSON.stringify(events).length < 256 * 1024 - 600) {
        n++;
        events.push({
          type: 3, timestamp: 1_700_000_000_000 + n * 37,
          data: { source: 0, texts: [], attributes: [{ id: n * 7, attributes: { class: `card c${n % 13}`, style: `width:${n % 300}px` } }],
            removes: [], adds: [{ parentId: n, nextId: null, node: { type: 3, textContent: `${words[n % 16]} ${words[(n * 7) % 16]} #${n * 131}`, id: n * 3 } }] },
        });
      }
      const batch = { v: 1, sessionId: 'abcdefghijklmnopqrstu', seq: 0, userId: null, events };

      /** Runs `work` while pinging the main thread; answers the stall profile. */
      async function pinged(work: () => Promise<unknown>) {
        const ch = new MessageChannel();
        let running = true;
        let last = performance.now();
        let maxGap = 0;
        let lost = 0;
        ch.port1.onmessage = () => {
          const now = performance.now();
          const gap = now - last;
          maxGap = Math.max(maxGap, gap);
          if (gap > 0.2) lost += gap;
          last = now;
          if (running) ch.port2.postMessage(0);
        };
        ch.port2.postMessage(0);
        const t0 = performance.now();
        await work();
        running = false;
        const wall = performance.now() - t0;
        ch.port1.close();
        return { maxGap, lost, wall };
      }
      const runs: Array<Record<string, number>> = [];
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        const json = JSON.stringify(batch);
        const t1 = performance.now();
        let sync = 0;
        let size = 0;
        const busy = await pinged(async () => {
          const s0 = performance.now();
          const p = gzip(json);
          sync = performance.now() - s0;
          size = (await p)?.byteLength ?? 0;
        });
        // The same loop with nothing to do, for as long: what it loses by itself.
        const idle = await pinged(() => new Promise((r) => setTimeout(r, busy.wall)));
        runs.push({ stringify: t1 - t0, sync, maxStall: busy.maxGap, mainThread: Math.max(0, busy.lost - idle.lost), wall: busy.wall, size, raw: json.length });
      }
      // What comes out is a gzip of exactly what went in.
      const json = JSON.stringify(batch);
      const bytes = (await gzip(json))!;
      const back = await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
      return { runs, roundTrip: back === json, stats: { ...(window as any).__veilCompress.compressStats } };
    });
    const runs = result.runs;
    const median = (k: string) => runs.map((r) => r[k]!).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    const ms = (k: string) => median(k).toFixed(1);
    console.log(`[transport] ${path}: gzip of a ${(median('raw') / 1024).toFixed(0)} KB batch -> ${(median('size') / 1024).toFixed(0)} KB, ` +
      `median of ${runs.length}: JSON.stringify ${ms('stringify')} ms; gzip() call returns in ${ms('sync')} ms; ` +
      `longest main-thread stall while compressing ${ms('maxStall')} ms; main-thread time in all ≈ ${ms('mainThread')} ms; ` +
      `done after ${ms('wall')} ms`);
    expect(result.roundTrip).toBe(true);
    expect(median('size')).toBeLessThan(median('raw') / 3);
    // Every batch took the expected path (the figures above are reported, not asserted: timings
    // on a shared machine are not behaviour).
    expect(result.stats[path]).toBe(runs.length + 1);
  });
});
