import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { bundleIife } from '../lib/bundle.js';
import { launchChromium } from '../lib/chromium.js';
import { mutationPageHtml, mutationWorkload, type WorkloadSize } from '../lib/mutation-page.js';
import { at, PATHS } from '../lib/paths.js';
import { ensurePeers, PEERS } from '../lib/peers.js';
import type { Row, Scenario } from '../lib/result.js';
import { notAvailable, ratioOf } from '../lib/result.js';
import { startSink, type Sink } from '../lib/sink.js';
import { median, round, sleep } from '../lib/stats.js';
import { startVeil, type VeilServer } from '../lib/veil-server.js';

const S = '2 main thread';
const RRWEB = 'bare @rrweb/record';

/**
 * A remote config the PostHog SDK accepts from its api_host: recording on, everything else off.
 * The sink answers it to every request (flags, config, and the recording uploads alike).
 */
const POSTHOG_ANSWER = {
  sessionRecording: { endpoint: '/s/' }, supportedCompression: ['gzip', 'gzip-js'], featureFlags: {}, featureFlagPayloads: {}, flags: {},
  errorsWhileComputingFlags: false, quotaLimited: [], autocapture_opt_out: true, capturePerformance: false, heatmaps: false, surveys: false, siteApps: [],
};

interface Variant {
  name: string;
  /** The recorder script served to the page, or null for the bare page. */
  script: string | null;
  /** Runs in the page: starts recording (argument: the collector URL and key). */
  start?: string;
  /** Runs in the page: true once recording is live. */
  ready?: string;
  /** Runs in the page after the workload: sends what is buffered (where the SDK has a way). */
  flush?: string;
  note: string;
}

/** Window metrics of Chrome's Performance domain, in ms. */
interface Cost {
  script: number;
  task: number;
}

/**
 * CPU on the page's main thread (CDP `Performance.getMetrics`: ScriptDuration, TaskDuration)
 * spent on a mutation-heavy workload with no recorder, bare rrweb, Veil and two vendors' SDKs.
 * Runs are interleaved round by round so machine noise hits every variant alike; medians.
 */
export const mainThreadScenario: Scenario = {
  id: 'main-thread',
  title: S,
  async run({ smoke, log }) {
    const size = smoke
      ? { work: { rows: 50, fields: 4, chars: 4, scrolls: 4 }, runs: 1, settleMs: 300 }
      : { work: { rows: 1_000, fields: 20, chars: 16, scrolls: 30 }, runs: 3, settleMs: 2_500 };
    const peers = await ensurePeers(log, { install: !smoke });
    const files = new Map<string, [string, string | Buffer]>();
    const js = 'text/javascript; charset=utf-8';
    const variants: Variant[] = [{ name: 'no recorder', script: null, note: 'the workload alone' }];
    const unavailable: Row[] = [];

    const rrweb = await bundleIife({
      code: `import { record } from '@rrweb/record';
window.__bench = { start() { const events = (window.__events = []); record({ emit(e) { events.push(e); } }); }, ready: () => window.__events.length > 1 };`,
      resolveDir: at('packages/recorder'),
    });
    files.set('/rrweb.js', [js, rrweb.code]);
    variants.push({ name: RRWEB, script: '/rrweb.js', start: '__bench.start()', ready: '__bench.ready()', note: 'record() with default options, events kept in an array, nothing sent' });

    files.set('/veil.js', [js, readFileSync(PATHS.recorderIife)]);
    variants.push({
      name: 'Veil', script: '/veil.js',
      start: `Veil.init({ endpoint: ARG.url, projectKey: ARG.key, privacyLevel: 'strict' })`,
      ready: `Veil.getStatus() === 'recording'`, flush: 'Veil.flush()',
      note: "privacyLevel 'strict', sending to a local Veil server",
    });
    // Context for the strict figure: what the stricter masking itself costs.
    variants.push({
      name: 'Veil (balanced)', script: '/veil.js',
      start: `Veil.init({ endpoint: ARG.url, projectKey: ARG.key })`,
      ready: `Veil.getStatus() === 'recording'`, flush: 'Veil.flush()',
      note: "the project's default privacyLevel 'balanced', sending to a local Veil server",
    });

    const sentry = peers['@sentry/browser'];
    const sentryName = `Sentry replay ${PEERS['@sentry/browser']}`;
    if (sentry.ok) {
      const b = await bundleIife({
        code: `import * as Sentry from '@sentry/browser';
window.__bench = {
  start(a) { Sentry.init({ dsn: a.url.replace('//', '//public@') + '/1', integrations: [Sentry.replayIntegration()], replaysSessionSampleRate: 1, replaysOnErrorSampleRate: 0 }); },
  ready() { const r = Sentry.getReplay(); return !!(r && r.getReplayId()); },
  flush() { return Sentry.getReplay()?.flush(); },
};`,
        resolveDir: sentry.resolveDir,
      });
      files.set('/sentry.js', [js, b.code]);
      variants.push({ name: sentryName, script: '/sentry.js', start: '__bench.start(ARG)', ready: '__bench.ready()', flush: '__bench.flush()', note: 'replayIntegration() defaults (mask all text and inputs), sending to a local sink' });
    } else unavailable.push(notAvailable(S, sentryName, 'added script time', 'ms', sentry.reason));

    const posthog = peers['posthog-js'];
    const posthogName = `PostHog recording ${PEERS['posthog-js']}`;
    if (posthog.ok) {
      const b = await bundleIife({
        code: `import posthog from 'posthog-js/dist/module.full.no-external.js';
window.__bench = {
  start(a) { posthog.init('phc_bench', { api_host: a.sink, autocapture: false, capture_pageview: false, capture_pageleave: false, disable_surveys: true, advanced_disable_feature_flags_on_first_load: true }); },
  ready() { return posthog.sessionRecordingStarted(); },
};`,
        resolveDir: posthog.resolveDir,
      });
      files.set('/posthog.js', [js, b.code]);
      variants.push({ name: posthogName, script: '/posthog.js', start: '__bench.start(ARG)', ready: '__bench.ready()', note: 'module.full.no-external (recorder bundled), autocapture off, sending to a local sink' });
    } else unavailable.push(notAvailable(S, posthogName, 'added script time', 'ms', posthog.reason));

    for (const v of variants) files.set(pagePath(v), ['text/html; charset=utf-8', mutationPageHtml(v.script)]);
    const costs = new Map<string, Cost[]>(variants.map((v) => [v.name, []]));
    const failed = new Map<string, string>();
    const sink = await startSink(files, POSTHOG_ANSWER);
    let veil: VeilServer | null = null;
    let browser: Browser | null = null;
    try {
      veil = await startVeil();
      browser = await launchChromium();
      for (let round = 0; round < size.runs; round++) {
        // Rotate the order every round: no variant always runs first (or right after another).
        const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
        for (const v of order) {
          if (failed.has(v.name)) continue;
          try {
            const cost = await measure(browser, v, sink, veil, size);
            costs.get(v.name)!.push(cost);
            log(`round ${round + 1} ${v.name}: script ${round1(cost.script)} ms, task ${round1(cost.task)} ms`);
          } catch (err) {
            failed.set(v.name, (err as Error).message.split('\n')[0]!);
            log(`${v.name} failed: ${(err as Error).message}`);
          }
        }
      }
    } finally {
      await browser?.close();
      await veil?.close();
      await sink.close();
    }

    // A peer that could not be installed has no variant, hence no costs at all (fresh machines
    // in the smoke form, which never installs peers).
    const med = (name: string, k: keyof Cost) => {
      const list = costs.get(name);
      return list?.length ? median(list.map((c) => c[k])) : null;
    };
    const base = { script: med('no recorder', 'script'), task: med('no recorder', 'task') };
    const added = (name: string, k: keyof Cost) => {
      const m = med(name, k);
      return m === null || base[k] === null ? null : m - base[k]!;
    };
    const rows: Row[] = [];
    const veilScript = added('Veil', 'script');
    const rrwebScript = added(RRWEB, 'script');
    const others = [sentryName, posthogName].map((n) => added(n, 'script')).filter((x): x is number => x !== null);
    for (const v of variants) {
      if (failed.has(v.name) && costs.get(v.name)!.length === 0) {
        rows.push(notAvailable(S, v.name, 'added script time', 'ms', failed.get(v.name)!));
        continue;
      }
      if (v.name === 'no recorder') {
        rows.push({ scenario: S, subject: v.name, metric: 'script time (task time)', value: round(base.script ?? NaN), unit: 'ms', note: `task ${round(base.task ?? NaN)} ms; ${size.work.rows}×10 nodes, 5 rounds of attribute + text churn, ${size.work.fields} inputs × ${size.work.chars} keys, ${size.work.scrolls} scrolls; median of ${size.runs}` });
        continue;
      }
      const script = added(v.name, 'script');
      const row: Row = {
        scenario: S, subject: v.name, metric: 'added script time (added task time)', value: script === null ? null : round(script), unit: 'ms',
        ratio: { vs: RRWEB, value: ratioOf(script, rrwebScript) },
        note: `task +${round(added(v.name, 'task') ?? NaN)} ms; ${v.note}`,
      };
      if (v.name === 'Veil') {
        row.goal = '≤ 1.2× bare rrweb, below Sentry and PostHog';
        const r = ratioOf(veilScript, rrwebScript);
        row.met = r !== null && r <= 1.2 && others.length > 0 && others.every((o) => veilScript! < o);
        if (others.length === 0) row.note += '; no peer measured';
      }
      rows.push(row);
    }
    return [...rows, ...unavailable];
  },
};

const round1 = (n: number) => round(n, 1);
const pagePath = (v: Variant) => `/${v.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.html`;

async function measure(browser: Browser, v: Variant, sink: Sink, veil: VeilServer, size: { work: WorkloadSize; settleMs: number }): Promise<Cost> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.goto(sink.url + pagePath(v));
    const arg = { url: veil.url, key: veil.projectKey, sink: sink.url };
    if (v.name.startsWith('Sentry') || v.name.startsWith('PostHog')) arg.url = sink.url;
    if (v.start) await page.evaluate(`(() => { const ARG = ${JSON.stringify(arg)}; ${v.start}; })()`);
    if (v.ready) await page.waitForFunction(v.ready, undefined, { timeout: 20_000, polling: 50 });
    // Let the first full snapshot (and its upload) finish before the meter starts.
    await sleep(size.settleMs / 5);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const before = await metrics(cdp);
    await page.evaluate(mutationWorkload, size.work);
    if (v.flush) await page.evaluate(`(async () => { await ${v.flush}; })()`);
    await sleep(size.settleMs);
    const after = await metrics(cdp);
    return { script: after.script - before.script, task: after.task - before.task };
  } finally {
    await context.close();
  }
}

async function metrics(cdp: { send(method: 'Performance.getMetrics'): Promise<{ metrics: Array<{ name: string; value: number }> }> }): Promise<Cost> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (list.find((m) => m.name === name)?.value ?? NaN) * 1000;
  return { script: get('ScriptDuration'), task: get('TaskDuration') };
}
