import { gzipSync } from 'node:zlib';
import { closedLoop, openLoop, type LoadResult } from '../lib/load.js';
import { ingestTarget, realisticBatchEvents } from '../lib/ingest-target.js';
import { PATHS } from '../lib/paths.js';
import { spawnUntil } from '../lib/process.js';
import type { Row, Scenario } from '../lib/result.js';
import { ratioOf } from '../lib/result.js';
import { round } from '../lib/stats.js';
import { startVeil } from '../lib/veil-server.js';
import { startPostgres } from '../../../test/helpers/postgres-cluster.js';

const S = '4 ingest';
const HELLO = 'hello-world Fastify';

/**
 * Realistic gzip batches against `POST /api/v1/ingest` of a real Veil server, beside a
 * hello-world Fastify route in another process: throughput at saturation (closed loop), then
 * latency at 1,000 batches/s (open loop, from the scheduled send time).
 */
export const ingestScenario: Scenario = {
  id: 'ingest',
  title: 'Ingest',
  async run({ smoke, log }) {
    const size = smoke
      ? { warmMs: 200, saturationMs: 600, connections: 4, rate: 100, openMs: 600 }
      : { warmMs: 2_000, saturationMs: 8_000, connections: 16, rate: 1_000, openMs: 10_000 };
    const events = realisticBatchEvents();
    const gzipBytes = gzipSync(events.json, { level: 6 }).length;
    log(`batch: ${events.count} events, ${(events.json.length / 1024).toFixed(1)} KB raw, ${(gzipBytes / 1024).toFixed(1)} KB gzip`);

    const veil = await startVeil();
    const hello = await spawnUntil(PATHS.helloServer, [], /listening (\d+)/).catch(async (err: unknown) => {
      await veil.close();
      throw err;
    });
    try {
      const veilTarget = ingestTarget(`${veil.url}/api/v1/ingest`, veil.projectKey, events.json);
      const helloTarget = { ...ingestTarget(`http://127.0.0.1:${hello.match[1]}/ingest`, 'none', events.json) };
      const measure = async (target: typeof veilTarget, name: string) => {
        let at = (await closedLoop(target, { connections: size.connections, durationMs: size.warmMs })).next;
        const saturation = await closedLoop(target, { connections: size.connections, durationMs: size.saturationMs, startAt: at });
        at = saturation.next;
        const open = await openLoop(target, { rate: size.rate, durationMs: size.openMs, startAt: at });
        log(`${name}: ${describe(saturation)} saturated; at ${size.rate}/s ${describe(open)}`);
        return { saturation, open };
      };
      const h = await measure(helloTarget, HELLO);
      const v = await measure(veilTarget, 'Veil');
      const pg = await saturationOnPostgres(events.json, size, log);
      const note = (r: LoadResult) => (r.errors ? `${r.errors} errors, first: ${r.firstError}` : undefined);
      const rows: Row[] = [
        {
          scenario: S, subject: 'Veil', metric: `batches/s at saturation (${size.connections} connections)`, value: round(v.saturation.throughput, 0), unit: '/s',
          ratio: { vs: HELLO, value: ratioOf(v.saturation.throughput, h.saturation.throughput) }, goal: '≥ 2,000/s', met: v.saturation.throughput >= 2_000,
          note: note(v.saturation) ?? `batch ${round(events.json.length / 1024)} KB raw, ${round(gzipBytes / 1024)} KB gzip, ${events.count} events`,
        },
        { scenario: S, subject: HELLO, metric: `requests/s at saturation (${size.connections} connections)`, value: round(h.saturation.throughput, 0), unit: '/s', note: note(h.saturation) },
        {
          scenario: S, subject: 'Veil', metric: `p50 at ${size.rate}/s (open loop)`, value: round(v.open.p50, 1), unit: 'ms',
          ratio: { vs: HELLO, value: ratioOf(v.open.p50, h.open.p50) },
        },
        {
          scenario: S, subject: 'Veil', metric: `p99 at ${size.rate}/s (open loop)`, value: round(v.open.p99, 1), unit: 'ms',
          ratio: { vs: HELLO, value: ratioOf(v.open.p99, h.open.p99) }, goal: '≤ 50 ms', met: v.open.p99 <= 50 && v.open.errors === 0,
          note: note(v.open) ?? `achieved ${round(v.open.throughput, 0)}/s`,
        },
        { scenario: S, subject: HELLO, metric: `p50 / p99 at ${size.rate}/s (open loop)`, value: round(h.open.p99, 1), unit: 'ms', note: `p50 ${round(h.open.p50, 1)} ms; value is p99` },
      ];
      if (pg) {
        rows.push({
          scenario: S, subject: 'Veil on PostgreSQL', metric: `batches/s at saturation (${size.connections} connections)`, value: round(pg.throughput, 0), unit: '/s',
          ratio: { vs: 'Veil (SQLite, same run)', value: ratioOf(pg.throughput, v.saturation.throughput) },
          note: note(pg) ?? 'a throwaway local cluster on the same machine; compare by the ratio (same run)',
        });
      }
      return rows;
    } finally {
      await hello.stop();
      await veil.close();
    }
  },
};

/**
 * The same closed loop against a Veil server on a throwaway PostgreSQL cluster started for it;
 * null (with a line saying so) when PostgreSQL is not installed.
 */
async function saturationOnPostgres(
  eventsJson: string,
  size: { warmMs: number; saturationMs: number; connections: number },
  log: (m: string) => void,
): Promise<LoadResult | null> {
  const cluster = await startPostgres();
  if (!cluster) {
    log('PostgreSQL not installed (no initdb under /usr/lib/postgresql/<15+>/bin): ingest on PostgreSQL skipped');
    return null;
  }
  try {
    const veil = await startVeil({ env: { VEIL_DATABASE_URL: cluster.url } });
    try {
      const target = ingestTarget(`${veil.url}/api/v1/ingest`, veil.projectKey, eventsJson);
      const at = (await closedLoop(target, { connections: size.connections, durationMs: size.warmMs })).next;
      const saturation = await closedLoop(target, { connections: size.connections, durationMs: size.saturationMs, startAt: at });
      log(`Veil on PostgreSQL: ${describe(saturation)} saturated`);
      return saturation;
    } finally {
      await veil.close();
    }
  } finally {
    await cluster.stop();
  }
}

function describe(r: LoadResult): string {
  return `${round(r.throughput, 0)}/s ok=${r.ok} err=${r.errors} p50=${round(r.p50)}ms p99=${round(r.p99)}ms`;
}
