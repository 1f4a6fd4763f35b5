import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundleIife, type Bundle } from '../lib/bundle.js';
import { at, PATHS } from '../lib/paths.js';
import { ensurePeers, PEERS, type PeerName } from '../lib/peers.js';
import type { Row, Scenario } from '../lib/result.js';
import { notAvailable, ratioOf } from '../lib/result.js';
import { round } from '../lib/stats.js';

const S = '1 size';
const RRWEB = '@rrweb/record';
const GOAL_KB = 30;

/** What each vendor's page needs for recording, as an esbuild entry (resolved from .bench-peers). */
const PEER_ENTRIES: Array<{ subject: string; peer: PeerName; code: string; note: string }> = [
  {
    subject: `Sentry replay (@sentry/browser ${PEERS['@sentry/browser']})`,
    peer: '@sentry/browser',
    code: `import * as Sentry from '@sentry/browser';
Sentry.init({ dsn: 'https://public@example.invalid/1', integrations: [Sentry.replayIntegration()] });`,
    note: 'Sentry.init with replayIntegration()',
  },
  {
    subject: `PostHog lazy recorder (posthog-js ${PEERS['posthog-js']})`,
    peer: 'posthog-js',
    code: `import 'posthog-js/dist/lazy-recorder.js';`,
    note: 'dist/lazy-recorder.js, what array.js fetches to record; the core SDK comes on top',
  },
  {
    subject: `PostHog core + lazy recorder (posthog-js ${PEERS['posthog-js']})`,
    peer: 'posthog-js',
    code: `import 'posthog-js/dist/array.js';
import 'posthog-js/dist/lazy-recorder.js';`,
    note: 'dist/array.js + dist/lazy-recorder.js: everything a recording page downloads',
  },
  {
    subject: `OpenReplay tracker (@openreplay/tracker ${PEERS['@openreplay/tracker']})`,
    peer: '@openreplay/tracker',
    code: `import Tracker from '@openreplay/tracker';
new Tracker({ projectKey: 'bench', ingestPoint: 'https://example.invalid/ingest' }).start();`,
    note: 'new Tracker({ projectKey }).start()',
  },
];

const kb = (b: Bundle) => round(b.gzipBytes / 1024, 1);

/** Every recorder bundled with the same esbuild settings, minified + gzip. */
export const sizeScenario: Scenario = {
  id: 'size',
  title: S,
  async run({ smoke, log }) {
    // Veil's own build drops rrweb's canvas recorder (scripts/rrweb-without-canvas.mjs): that is
    // part of what Veil ships, so it is part of what is measured; esbuild settings stay the same.
    const { rrwebWithoutCanvas } = (await import(pathToFileURL(at('scripts/rrweb-without-canvas.mjs')).href)) as { rrwebWithoutCanvas: Plugin };
    const veil = await bundleIife({ file: at('packages/recorder/src/iife.ts') }, 'Veil', [rrwebWithoutCanvas]);
    const shipped = readFileSync(PATHS.recorderIife);
    const rrweb = await bundleIife({ code: `export { record } from '@rrweb/record';`, resolveDir: at('packages/recorder') }, 'rrwebRecord');
    log(`Veil ${kb(veil)} KB gzip, rrweb ${kb(rrweb)} KB gzip`);

    const peers = await ensurePeers(log, { install: !smoke });
    const peerRows: Row[] = [];
    const peerSizes: number[] = [];
    for (const entry of PEER_ENTRIES) {
      const status = peers[entry.peer];
      if (!status.ok) {
        peerRows.push(notAvailable(S, entry.subject, 'minified + gzip', 'KB', status.reason));
        continue;
      }
      try {
        const b = await bundleIife({ code: entry.code, resolveDir: status.resolveDir });
        log(`${entry.subject}: ${kb(b)} KB gzip`);
        // The "core + recorder" row is context, not a rival bundle: the smallest-peer goal uses the others.
        if (!entry.subject.includes('core +')) peerSizes.push(b.gzipBytes);
        peerRows.push({
          scenario: S, subject: entry.subject, metric: 'minified + gzip', value: kb(b), unit: 'KB',
          ratio: { vs: 'Veil', value: ratioOf(b.gzipBytes, veil.gzipBytes) }, note: `${entry.note}; ${round(b.bytes / 1024)} KB minified`,
        });
      } catch (err) {
        peerRows.push(notAvailable(S, entry.subject, 'minified + gzip', 'KB', `esbuild failed: ${(err as Error).message.split('\n')[0]}`));
      }
    }
    const smallest = peerSizes.length > 0 && peerSizes.every((s) => veil.gzipBytes < s);
    return [
      {
        scenario: S, subject: 'Veil recorder (IIFE)', metric: 'minified + gzip', value: kb(veil), unit: 'KB',
        ratio: { vs: RRWEB, value: ratioOf(veil.gzipBytes, rrweb.gzipBytes) },
        goal: `≤ ${GOAL_KB} KB and smallest of the peers`, met: veil.gzipBytes <= GOAL_KB * 1024 && smallest,
        note: `${round(veil.bytes / 1024)} KB minified; shipped dist/veil.js ${round(gzipSync(shipped, { level: 9 }).length / 1024)} KB gzip${peerSizes.length ? '' : '; no peer measured'}`,
      },
      { scenario: S, subject: `${RRWEB} alone`, metric: 'minified + gzip', value: kb(rrweb), unit: 'KB', note: `${round(rrweb.bytes / 1024)} KB minified` },
      ...peerRows,
    ];
  },
};
