import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';

/**
 * Sends `count` GETs one after another over one keep-alive connection, after a few unmeasured
 * ones (JIT warm-up, the connection); answers latency percentiles and the last body's size.
 */
export async function timeGets(url: string, headers: Record<string, string>, count: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let bytes = 0;
  try {
    const warmUp = Math.min(10, count);
    for (let i = -warmUp; i < count; i++) {
      const t = performance.now();
      const { status, size } = await new Promise<{ status: number; size: number }>((resolve, reject) => {
        request(url, { agent, headers }, (res) => {
          let n = 0;
          res.on('data', (d: Buffer) => (n += d.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, size: n }));
        })
          .on('error', reject)
          .end();
      });
      if (status !== 200) throw new Error(`GET ${url}: ${status}`);
      if (i >= 0) latencies.push(performance.now() - t);
      bytes = size;
    }
  } finally {
    agent.destroy();
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), bytes };
}
