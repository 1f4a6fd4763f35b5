import { Agent, request, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';

/** One kind of request the load generator sends; `body(i)` answers the i-th body (a Buffer). */
export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body(i: number): Buffer;
}

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** First failure seen (status and body start), for the report. */
  firstError?: string;
  elapsedMs: number;
  /** Successful requests per second over the run. */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
}

/** Requests not answered yet, so a run can give up on them (see `openLoop`'s `drainMs`). */
const live = new Set<ClientRequest>();

function send(agent: Agent, target: LoadTarget, i: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const body = target.body(i);
    const req: ClientRequest = request(target.url, { method: 'POST', agent, headers: { ...target.headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8', 0, 200) }));
      res.on('error', (err) => resolve({ status: 0, text: String(err) }));
    });
    req.on('error', (err) => resolve({ status: 0, text: String(err) }));
    req.on('close', () => live.delete(req));
    live.add(req);
    req.end(body);
  });
}

function summarize(latencies: number[], sent: number, errors: number, firstError: string | undefined, elapsedMs: number): LoadResult {
  return {
    sent, ok: latencies.length, errors, firstError, elapsedMs,
    throughput: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100),
  };
}

/** Closed loop: `connections` clients each send as soon as their last answer came; the rate at saturation. */
export async function closedLoop(target: LoadTarget, o: { connections: number; durationMs: number; startAt?: number }): Promise<LoadResult & { next: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let i = o.startAt ?? 0;
  const started = performance.now();
  const deadline = started + o.durationMs;
  const client = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      const res = await send(agent, target, i++);
      if (res.status === 200) latencies.push(performance.now() - t);
      else (errors++, (firstError ??= `${res.status} ${res.text}`));
    }
  };
  await Promise.all(Array.from({ length: o.connections }, client));
  const elapsed = performance.now() - started;
  agent.destroy();
  return { ...summarize(latencies, i - (o.startAt ?? 0), errors, firstError, elapsed), next: i };
}

/**
 * Open loop: sends on a fixed schedule whatever the answers do, and measures each latency from
 * the request's *scheduled* time, so a stalled server shows up as latency (no coordinated omission).
 */
export async function openLoop(
  target: LoadTarget,
  o: {
    rate: number;
    durationMs: number;
    startAt?: number;
    maxSockets?: number;
    /** Stops the schedule early when it settles. */
    until?: Promise<unknown>;
    /** After the schedule ends, how long unanswered requests may still take before they count as failed. */
    drainMs?: number;
  },
): Promise<LoadResult & { next: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const first = o.startAt ?? 0;
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  let stopped = false;
  void o.until?.then(() => (stopped = true));
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (k < total && started + k * interval <= now) {
        const scheduled = started + k * interval;
        pending.push(
          send(agent, target, first + k).then((res) => {
            if (res.status === 200) latencies.push(performance.now() - scheduled);
            else (errors++, (firstError ??= `${res.status} ${res.text}`));
          }),
        );
        k++;
      }
      if (k < total && !stopped) setTimeout(tick, Math.max(0, Math.min(1, started + k * interval - now)));
      else resolve();
    };
    tick();
  });
  // An overloaded server would keep the run going for minutes: give up on stragglers, as errors.
  const giveUp = setTimeout(() => {
    for (const req of live) req.destroy(new Error(`no answer within ${o.drainMs ?? 10_000} ms after the schedule ended`));
  }, o.drainMs ?? 10_000);
  await Promise.all(pending);
  clearTimeout(giveUp);
  const elapsed = performance.now() - started;
  agent.destroy();
  return { ...summarize(latencies, k, errors, firstError, elapsed), next: first + k };
}
