import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { bundleIife, type Bundle } from '../lib/bundle.js';
import { at, PATHS } from '../lib/paths.js';
import { ensurePeers, PEERS, type PeerName } from '../lib/peers.js';
import type { Row, Scenario } from '../lib/result.js';
import { notAvailable, ratioOf } from '../lib/result.js';
import { round } from '../lib/stats.js';

const S = '1 size';
const RRWEB = '@rrweb/record';
const GOAL_KB = 30;
const PRE_GATE_KB = 8;

/** The script-tag build's loader swap, as scripts/build.mjs does it. */
const scriptTagLoader: Plugin = {
  name: 'script-tag-loader',
  setup(b) {
    b.onResolve({ filter: /\/load-recorder\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/load-recorder\.js$/, 'load-recorder-script.ts')),
    }));
  },
};

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
    // What a recording page downloads: veil.js (the gates) and, once they agree, the recorder chunk.
    const veil = await bundleIife({ file: at('packages/recorder/src/lazy/recorder-chunk.ts') }, undefined, [rrwebWithoutCanvas]);
    const loader = await bundleIife({ file: at('packages/recorder/src/iife.ts') }, 'Veil', [rrwebWithoutCanvas, scriptTagLoader]);
    const shipped = readFileSync(PATHS.recorderIife);
    const shippedChunk = readFileSync(join(dirname(PATHS.recorderIife), 'veil-recorder.js'));
    const brotli = (b: Buffer) => brotliCompressSync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
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
    const totalGzip = veil.gzipBytes + loader.gzipBytes;
    const smallestTotal = peerSizes.length > 0 && peerSizes.every((s) => totalGzip < s);
    return [
      {
        scenario: S, subject: 'Veil recorder chunk (veil-recorder.js)', metric: 'minified + gzip', value: kb(veil), unit: 'KB',
        ratio: { vs: RRWEB, value: ratioOf(veil.gzipBytes, rrweb.gzipBytes) },
        goal: `≤ ${GOAL_KB} KB and smallest of the peers`, met: veil.gzipBytes <= GOAL_KB * 1024 && smallest,
        note: `${round(veil.bytes / 1024)} KB minified; loaded once every gate agreed; shipped ${round(gzipSync(shippedChunk, { level: 9 }).length / 1024)} KB gzip, ${round(brotli(shippedChunk) / 1024)} KB brotli${peerSizes.length ? '' : '; no peer measured'}`,
      },
      {
        scenario: S, subject: 'Veil loader (veil.js: the gates)', metric: 'minified + gzip', value: kb(loader), unit: 'KB',
        goal: `≤ ${PRE_GATE_KB} KB`, met: loader.gzipBytes <= PRE_GATE_KB * 1024,
        note: `${round(loader.bytes / 1024)} KB minified; all a page downloads when nothing will be recorded; shipped ${round(gzipSync(shipped, { level: 9 }).length / 1024)} KB gzip, ${round(brotli(shipped) / 1024)} KB brotli`,
      },
      {
        scenario: S, subject: 'Veil loader + recorder', metric: 'minified + gzip', value: round(totalGzip / 1024, 1), unit: 'KB',
        ratio: { vs: RRWEB, value: ratioOf(totalGzip, rrweb.gzipBytes) },
        note: `what a recording page downloads (two requests)${smallestTotal ? '; smallest of the peers' : ''}`,
      },
      { scenario: S, subject: `${RRWEB} alone`, metric: 'minified + gzip', value: kb(rrweb), unit: 'KB', note: `${round(rrweb.bytes / 1024)} KB minified` },
      ...peerRows,
    ];
  },
};
