import type { Browser, CDPSession } from 'playwright-core';
import type { Sink } from './sink.js';
import { sleep } from './stats.js';
import { pagePath, type Variant } from './recorder-variants.js';
import type { VeilServer } from './veil-server.js';

/** What a workload cost one page, in ms, and the uploads it made. */
export interface PageCost {
  /** Main thread: CDP Performance.getMetrics ScriptDuration and TaskDuration (thread ticks). */
  script: number;
  task: number;
  /** CPU time of the page's renderer process, all its threads (workers, compositor, …). */
  rendererCpu: number;
  /** Requests that carried recorded data (POSTs and beacons) while the workload ran and settled. */
  requests: number;
}

export interface MeasureOptions {
  /** The workload, run in the page (a function serialized by Playwright) and its argument. */
  workload: (arg: any) => Promise<void>;
  arg: unknown;
  settleMs: number;
}

/**
 * Opens the variant's page in a fresh context, starts recording, waits for it to be live and its
 * first snapshot sent, then meters the workload and what follows until `settleMs` after it.
 */
export async function measurePage(browser: Browser, v: Variant, sink: Sink, veil: VeilServer, o: MeasureOptions): Promise<PageCost> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const browserCdp = await browser.newBrowserCDPSession();
  try {
    const page = await context.newPage();
    let metering = false;
    let requests = 0;
    page.on('request', (r) => {
      if (metering && r.method() === 'POST') requests++;
    });
    await page.goto(sink.url + pagePath(v));
    const arg = { url: v.toSink ? sink.url : veil.url, key: veil.projectKey, sink: sink.url };
    if (v.start) await page.evaluate(`(() => { const ARG = ${JSON.stringify(arg)}; ${v.start}; })()`);
    if (v.ready) await page.waitForFunction(v.ready, undefined, { timeout: 20_000, polling: 50 });
    // Let the first full snapshot (and its upload) finish before the meter starts.
    await sleep(o.settleMs / 5);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const before = await mainThread(cdp);
    const cpuBefore = await rendererCpu(browserCdp);
    metering = true;
    await page.evaluate(o.workload, o.arg);
    if (v.flush) await page.evaluate(`(async () => { await ${v.flush}; })()`);
    await sleep(o.settleMs);
    const after = await mainThread(cdp);
    const cpuAfter = await rendererCpu(browserCdp);
    metering = false;
    let cpu = 0;
    for (const [id, t] of cpuAfter) cpu += t - (cpuBefore.get(id) ?? 0);
    return { script: after.script - before.script, task: after.task - before.task, rendererCpu: cpu, requests };
  } finally {
    await browserCdp.detach().catch(() => undefined);
    await context.close();
  }
}

async function mainThread(cdp: CDPSession): Promise<{ script: number; task: number }> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (list.find((m) => m.name === name)?.value ?? NaN) * 1000;
  return { script: get('ScriptDuration'), task: get('TaskDuration') };
}

/**
 * CPU time (ms) of every renderer process, by process id (CDP SystemInfo.getProcessInfo, which
 * reads what the OS counts for all of a process's threads). One page is open at a time, so the
 * renderers' growth over the workload is that page's.
 */
async function rendererCpu(cdp: CDPSession): Promise<Map<number, number>> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo' as never)) as { processInfo: Array<{ type: string; id: number; cpuTime: number }> };
  return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime * 1000]));
}
