import { gzipSync } from 'node:zlib';
import type { VeilServer } from '../../helpers/veil-server.js';

/**
 * Measures whether an attack stalls the server for everyone: `/healthz` latency while the attack
 * runs, against its latency just before, in the same run on the same server. No absolute time
 * bound: the verdict is a ratio to the baseline (with a floor, so a 1 ms baseline does not turn
 * one garbage-collection pause into a failure).
 */
export interface StallReport {
  /** /healthz latencies (ms) before the attack, sequential. */
  before: number[];
  /** /healthz latencies (ms) while the attack was in flight, sequential (at least one). */
  during: number[];
  /** How long the attack took (ms), and what it settled to. */
  attackMs: number;
  attackResult: unknown;
  /** The worst probe during the attack divided by the median before it. */
  ratio: number;
}

/** A /healthz answer slower than this many baseline medians counts as a stall. */
export const STALL_FACTOR = 100;
/** ... but never below this (ms): scheduler noise on a busy 2-core machine. */
export const STALL_FLOOR_MS = 250;

/** One /healthz round trip, in ms. */
export async function probeHealth(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/healthz`);
  await response.arrayBuffer();
  return performance.now() - started;
}

/**
 * Probes /healthz `baseline` times, then starts `attack` and keeps probing one request at a time
 * until it settles (the attack may reject: that is its result too).
 */
export async function measureStall(server: Pick<VeilServer, 'url'>, attack: () => Promise<unknown>, baseline = 20): Promise<StallReport> {
  const before: number[] = [];
  for (let i = 0; i < baseline; i++) before.push(await probeHealth(server.url));
  let settled = false;
  let attackResult: unknown;
  const started = performance.now();
  const running = attack().then(
    (value) => (attackResult = value),
    (err: unknown) => (attackResult = err),
  ).finally(() => (settled = true));
  const during: number[] = [];
  do during.push(await probeHealth(server.url));
  while (!settled);
  await running;
  const attackMs = performance.now() - started;
  const ratio = Math.max(...during) / Math.max(median(before), 0.01);
  return { before, during, attackMs, attackResult, ratio };
}

/** Whether the report shows a stall: the worst probe during the attack beyond both bounds. */
export function stalled(report: StallReport): boolean {
  const worst = Math.max(...report.during);
  return worst > Math.max(STALL_FACTOR * median(report.before), STALL_FLOOR_MS);
}

/** How many times a control's worst probe an attack may take before it counts as a stall. */
export const CONTROL_FACTOR = 4;

/**
 * Whether an attack stalled the server compared with a control: the same amount of ordinary work
 * measured in the same run (a batch of the same size that is not built to be slow). For attacks
 * whose linear cost is itself noticeable, this verdict holds on a machine of any speed or load.
 */
export function stalledComparedTo(attack: StallReport, control: StallReport): boolean {
  return Math.max(...attack.during) > Math.max(CONTROL_FACTOR * Math.max(...control.during), STALL_FLOOR_MS);
}

/** A one-line summary for the test log (figures, not assertions). */
export function describeStall(name: string, report: StallReport): string {
  const fmt = (n: number) => n.toFixed(1);
  return `${name}: /healthz median ${fmt(median(report.before))} ms before, worst ${fmt(Math.max(...report.during))} ms during (${report.during.length} probes); attack took ${fmt(report.attackMs)} ms`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Posts one batch body (already JSON text) through the fetch door, gzip, as the recorder does. */
export async function postBatchText(server: Pick<VeilServer, 'url' | 'projectKey'>, json: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': server.projectKey },
    body: gzipSync(json),
  });
  return { status: response.status, body: await response.text() };
}
