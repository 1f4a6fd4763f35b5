import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ingestTarget, realisticBatchEvents } from '../lib/ingest-target.js';
import { openLoop } from '../lib/load.js';
import { PATHS } from '../lib/paths.js';
import { runNode } from '../lib/process.js';
import type { Row, Scenario } from '../lib/result.js';
import { ratioOf } from '../lib/result.js';
import { seedDataDir, seedSessionId } from '../lib/seed.js';
import { round, sleep } from '../lib/stats.js';
import { startVeil, tempDataDir } from '../lib/veil-server.js';

const S = '5 retention';
const DAY_MS = 86_400_000;

/**
 * A store of 10,000 sessions (millions of events), half of them past retention: how long
 * `veil retention run` takes, and ingest latency while it runs (against before it).
 *
 * The server sweeps once at start, so the store is seeded with nothing expired yet; lowering the
 * project's retention to 7 days (as an admin would) then expires the half started 10 days ago.
 */
export const retentionScenario: Scenario = {
  id: 'retention',
  title: S,
  async run({ smoke, log }) {
    const size = smoke ? { sessions: 200, chunks: 1, rate: 20, baselineMs: 1_000 } : { sessions: 10_000, chunks: 3, rate: 50, baselineMs: 5_000 };
    const now = Date.now();
    const events = realisticBatchEvents(45_000, now);
    const body = gzipSync(events.json, { level: 6 });
    const dataDir = tempDataDir('retention');
    let totalEvents = 0;
    const seedStart = Date.now();
    const secrets = await seedDataDir(dataDir, now, (add) => {
      for (let i = 0; i < size.sessions; i++) {
        const id = seedSessionId('rt', i);
        const startedAt = now - (i % 2 === 0 ? 10 * DAY_MS : 3_600_000) - i * 1_000;
        const eventCount = events.count * size.chunks;
        totalEvents += eventCount;
        add.session({
          id, userId: i % 3 === 0 ? null : `user-${i}`, startedAt, lastEventAt: startedAt + size.chunks * 5_000, firstUrl: 'https://shop.example.com/',
          pages: 1, clicks: 10, eventCount, batchCount: size.chunks, storedBytes: body.length * size.chunks,
        });
        for (let seq = 0; seq < size.chunks; seq++) {
          add.chunk({ sessionId: id, seq, firstTs: startedAt + seq * 5_000, lastTs: startedAt + seq * 5_000 + 4_999, eventCount: events.count, body });
        }
      }
    });
    log(`seeded ${size.sessions} sessions, ${size.sessions * size.chunks} chunks of ${round(body.length / 1024)} KB, ${totalEvents} events in ${Date.now() - seedStart} ms`);

    const veil = await startVeil({ dataDir, reuse: secrets }).catch((err: unknown) => {
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    });
    try {
      const cliEnv = { VEIL_DATA_DIR: dataDir, VEIL_LOG_LEVEL: 'warn' };
      const update = await runNode(PATHS.cli, ['project', 'update', '--id', secrets.projectId, '--retention-days', '7', '--json'], cliEnv);
      if (update.code !== 0) throw new Error(`veil project update failed: ${update.stderr || update.stdout}`);
      const target = ingestTarget(`${veil.url}/api/v1/ingest`, secrets.projectKey, events.json);
      const baseline = await openLoop(target, { rate: size.rate, durationMs: size.baselineMs });
      const sweep = runNode(PATHS.cli, ['retention', 'run', '--json'], cliEnv);
      // At least a second of load, so a fast sweep still has latencies measured around it.
      const during = await openLoop(target, { rate: size.rate, durationMs: 10 * 60_000, startAt: baseline.next, until: Promise.all([sweep, sleep(1_000)]) });
      const result = await sweep;
      if (result.code !== 0) throw new Error(`veil retention run failed: ${result.stderr || result.stdout}`);
      const deleted = (JSON.parse(result.stdout) as { deleted: number }).deleted;
      log(`sweep deleted ${deleted} in ${result.ms} ms; ingest before p99 ${round(baseline.p99)} ms, during p99 ${round(during.p99)} ms (${during.ok} ok, ${during.errors} errors)`);
      const errors = during.errors ? `; ${during.errors} errors, first: ${during.firstError}` : '';
      return [
        {
          scenario: S, subject: 'Veil', metric: 'sweep time (veil retention run)', value: round(result.ms / 1000, 2), unit: 's',
          note: `deleted ${deleted} of ${size.sessions} sessions (${size.sessions * size.chunks} chunks, ${(totalEvents / 1e6).toFixed(2)} M events in store); CLI wall time incl. Node start`,
        },
        {
          scenario: S, subject: 'Veil', metric: `ingest p99 during the sweep (${size.rate} batches/s)`, value: round(during.p99), unit: 'ms',
          ratio: { vs: 'p99 before the sweep', value: ratioOf(during.p99, baseline.p99) }, goal: '≤ 50 ms', met: during.p99 <= 50 && during.errors === 0,
          note: `p50 ${round(during.p50)} ms, max ${round(during.max)} ms over ${during.ok} batches; before: p50 ${round(baseline.p50)} ms, p99 ${round(baseline.p99)} ms${errors}`,
        },
      ] satisfies Row[];
    } finally {
      await veil.close();
    }
  },
};
