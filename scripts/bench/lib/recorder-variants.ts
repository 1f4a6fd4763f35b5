import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleIife } from './bundle.js';
import { at, PATHS } from './paths.js';
import { ensurePeers, PEERS } from './peers.js';
import type { Row } from './result.js';
import { notAvailable } from './result.js';

export const RRWEB = 'bare @rrweb/record';
export const VEIL_STRICT = 'Veil (strict)';
export const VEIL_BALANCED = 'Veil (balanced)';

/**
 * A remote config the PostHog SDK accepts from its api_host: recording on, everything else off.
 * The sink answers it to every request (flags, config, and the recording uploads alike).
 */
export const POSTHOG_ANSWER = {
  sessionRecording: { endpoint: '/s/' }, supportedCompression: ['gzip', 'gzip-js'], featureFlags: {}, featureFlagPayloads: {}, flags: {},
  errorsWhileComputingFlags: false, quotaLimited: [], autocapture_opt_out: true, capturePerformance: false, heatmaps: false, surveys: false, siteApps: [],
};

/** One recorder embedded in the bench page. */
export interface Variant {
  name: string;
  /** The recorder script served to the page, or null for the bare page. */
  script: string | null;
  /** Runs in the page: starts recording (argument `ARG`: the collector URL and key). */
  start?: string;
  /** Runs in the page: true once recording is live. */
  ready?: string;
  /** Runs in the page after the workload: sends what is buffered (where the SDK has a way). */
  flush?: string;
  /** Sends to the local sink (vendors), not to the Veil server. */
  toSink?: boolean;
  note: string;
}

/** The variants, the files the sink serves for them, and rows for peers that could not be built. */
export interface Variants {
  variants: Variant[];
  files: Map<string, [string, string | Buffer]>;
  unavailable: Array<{ name: string; reason: string }>;
  sentryName: string;
  posthogName: string;
}

const JS = 'text/javascript; charset=utf-8';

/**
 * No recorder, bare rrweb, Veil strict and balanced (the shipped script and its recorder chunk,
 * as a page downloads them), Sentry replay and PostHog, each with its defaults.
 */
export async function recorderVariants(log: (m: string) => void, smoke: boolean): Promise<Variants> {
  const peers = await ensurePeers(log, { install: !smoke });
  const files = new Map<string, [string, string | Buffer]>();
  const variants: Variant[] = [{ name: 'no recorder', script: null, note: 'the workload alone' }];
  const unavailable: Variants['unavailable'] = [];

  const rrweb = await bundleIife({
    code: `import { record } from '@rrweb/record';
window.__bench = { start() { const events = (window.__events = []); record({ emit(e) { events.push(e); } }); }, ready: () => window.__events.length > 1 };`,
    resolveDir: at('packages/recorder'),
  });
  files.set('/rrweb.js', [JS, rrweb.code]);
  variants.push({ name: RRWEB, script: '/rrweb.js', start: '__bench.start()', ready: '__bench.ready()', note: 'record() with default options, events kept in an array, nothing sent' });

  // The shipped files: veil.js loads veil-recorder.<hash>.js from beside itself once the gates agree.
  const dist = dirname(PATHS.recorderIife);
  files.set('/veil.js', [JS, readFileSync(PATHS.recorderIife)]);
  const chunkName = /veil-recorder\.[0-9a-f]{12}\.js/.exec(readFileSync(PATHS.recorderIife, 'utf8'))?.[0];
  if (chunkName && readdirSync(dist).includes('veil-recorder.js')) files.set(`/${chunkName}`, [JS, readFileSync(join(dist, 'veil-recorder.js'))]);
  for (const [name, level] of [[VEIL_STRICT, 'strict'], [VEIL_BALANCED, 'balanced']] as const) {
    variants.push({
      name, script: '/veil.js',
      start: `Veil.init({ endpoint: ARG.url, projectKey: ARG.key, privacyLevel: '${level}' })`,
      ready: `Veil.getStatus() === 'recording'`, flush: 'Veil.flush()',
      note: `privacyLevel '${level}', sending to a local Veil server`,
    });
  }

  // VEIL_BENCH_BEFORE=path/to/an/older/veil.js adds that build (strict) to the same run, for a
  // before/after comparison of a change (a single-file build, as Veil shipped before its chunk).
  const before = process.env.VEIL_BENCH_BEFORE;
  if (before) {
    files.set('/veil-before.js', [JS, readFileSync(before)]);
    variants.push({
      name: 'Veil before (strict)', script: '/veil-before.js',
      start: `Veil.init({ endpoint: ARG.url, projectKey: ARG.key, privacyLevel: 'strict' })`,
      ready: `Veil.getStatus() === 'recording'`, flush: 'Veil.flush()', note: `${before}, privacyLevel 'strict'`,
    });
  }

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
    files.set('/sentry.js', [JS, b.code]);
    variants.push({ name: sentryName, script: '/sentry.js', start: '__bench.start(ARG)', ready: '__bench.ready()', flush: '__bench.flush()', toSink: true, note: 'replayIntegration() defaults (mask all text and inputs), sending to a local sink' });
  } else unavailable.push({ name: sentryName, reason: sentry.reason });

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
    files.set('/posthog.js', [JS, b.code]);
    variants.push({ name: posthogName, script: '/posthog.js', start: '__bench.start(ARG)', ready: '__bench.ready()', toSink: true, note: 'module.full.no-external (recorder bundled), autocapture off, sending to a local sink' });
  } else unavailable.push({ name: posthogName, reason: posthog.reason });

  return { variants, files, unavailable, sentryName, posthogName };
}

/** Rows saying a variant could not be measured. */
export function unavailableRows(scenario: string, metric: string, list: Variants['unavailable']): Row[] {
  return list.map((u) => notAvailable(scenario, u.name, metric, 'ms', u.reason));
}

export const pagePath = (v: Variant): string => `/${v.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.html`;
