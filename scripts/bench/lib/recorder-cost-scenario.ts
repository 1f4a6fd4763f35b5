import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { mutationPageHtml } from './mutation-page.js';
import { measurePage, type PageCost } from './page-cost.js';
import { pagePath, recorderVariants, RRWEB, unavailableRows, VEIL_BALANCED, VEIL_STRICT } from './recorder-variants.js';
import type { Row, Scenario } from './result.js';
import { notAvailable, ratioOf } from './result.js';
import { startSink } from './sink.js';
import { median, round } from './stats.js';
import { startVeil, type VeilServer } from './veil-server.js';
import { POSTHOG_ANSWER } from './recorder-variants.js';

export interface RecorderCostSpec {
  id: string;
  title: string;
  workload: (arg: any) => Promise<void>;
  /** Sizes for a full run and for a smoke run; `describe` says what the workload did. */
  full: { arg: unknown; runs: number; settleMs: number };
  smoke: { arg: unknown; runs: number; settleMs: number };
  describe: string;
}

const GOAL = '≤ 1.2× bare rrweb (main thread and renderer CPU), below Sentry and PostHog';

/**
 * What recording costs a page running `workload`: no recorder, bare rrweb, Veil (strict and
 * balanced) and two vendors' SDKs, each with its defaults, in one browser. Rounds are
 * interleaved (the order rotates) so machine noise hits every variant alike; medians of the
 * per-round figures, minus the page without a recorder.
 */
export function recorderCostScenario(spec: RecorderCostSpec): Scenario {
  const S = spec.title;
  return {
    id: spec.id,
    title: S,
    async run({ smoke, log }) {
      const size = smoke ? spec.smoke : spec.full;
      const { variants, files, unavailable, sentryName, posthogName } = await recorderVariants(log, smoke);
      for (const v of variants) files.set(pagePath(v), ['text/html; charset=utf-8', mutationPageHtml(v.script)]);
      const costs = new Map<string, PageCost[]>(variants.map((v) => [v.name, []]));
      const failed = new Map<string, string>();
      const sink = await startSink(files, POSTHOG_ANSWER);
      let veil: VeilServer | null = null;
      let browser: Browser | null = null;
      try {
        veil = await startVeil();
        browser = await launchChromium();
        for (let round = 0; round < size.runs; round++) {
          const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
          for (const v of order) {
            if (failed.has(v.name)) continue;
            try {
              const cost = await measurePage(browser, v, sink, veil, { workload: spec.workload, arg: size.arg, settleMs: size.settleMs });
              costs.get(v.name)!.push(cost);
              log(`round ${round + 1} ${v.name}: task ${r1(cost.task)} ms, script ${r1(cost.script)} ms, renderer CPU ${r1(cost.rendererCpu)} ms, ${cost.requests} requests`);
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

      const med = (name: string, k: keyof PageCost): number | null => {
        const list = costs.get(name);
        return list?.length ? median(list.map((c) => c[k])) : null;
      };
      const added = (name: string, k: keyof PageCost): number | null => {
        const m = med(name, k);
        const b = med('no recorder', k);
        return m === null || b === null ? null : m - b;
      };
      const peers = [sentryName, posthogName];
      const rows: Row[] = [];
      for (const v of variants) {
        if (costs.get(v.name)!.length === 0) {
          rows.push(notAvailable(S, v.name, 'added main-thread task time', 'ms', failed.get(v.name) ?? 'not measured'));
          continue;
        }
        if (v.name === 'no recorder') {
          rows.push({
            scenario: S, subject: v.name, metric: 'main-thread task time', value: round(med(v.name, 'task')!), unit: 'ms',
            note: `renderer CPU ${round(med(v.name, 'rendererCpu')!)} ms, script ${round(med(v.name, 'script')!)} ms; ${spec.describe}; median of ${size.runs}`,
          });
          continue;
        }
        const task = added(v.name, 'task');
        const cpu = added(v.name, 'rendererCpu');
        const taskRatio = ratioOf(task, added(RRWEB, 'task'));
        const cpuRatio = ratioOf(cpu, added(RRWEB, 'rendererCpu'));
        const row: Row = {
          scenario: S, subject: v.name, metric: 'added main-thread task time', value: task === null ? null : round(task), unit: 'ms',
          ratio: { vs: RRWEB, value: taskRatio },
          note: `renderer CPU (all threads) +${round(cpu ?? NaN)} ms = ${cpuRatio === null ? 'n/a' : cpuRatio.toFixed(2)}× bare rrweb; ` +
            `script +${round(added(v.name, 'script') ?? NaN)} ms; ${med(v.name, 'requests')} upload requests; ${v.note}`,
        };
        if (v.name === VEIL_STRICT || v.name === VEIL_BALANCED) {
          row.goal = GOAL;
          const measuredPeers = peers.filter((p) => costs.get(p)?.length);
          const below = measuredPeers.every((p) => (task ?? Infinity) < (added(p, 'task') ?? -Infinity) && (cpu ?? Infinity) < (added(p, 'rendererCpu') ?? -Infinity));
          row.met = taskRatio !== null && taskRatio <= 1.2 && cpuRatio !== null && cpuRatio <= 1.2 && measuredPeers.length > 0 && below;
          if (measuredPeers.length === 0) row.note += '; no peer measured';
        }
        rows.push(row);
      }
      return [...rows, ...unavailableRows(S, 'added main-thread task time', unavailable)];
    },
  };
}

const r1 = (n: number) => round(n, 1);
