import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DECOMPRESSED_BODY_BYTES } from '@veil/protocol';
import { rrwebBatch } from '../../apps/server/test/helpers/veil-harness.js';
import { startVeil, type VeilServer } from '../helpers/veil-server.js';
import { describeStall, measureStall, postBatchText, stalled } from './support/stall-probe.js';

const MiB = 1024 * 1024;

/**
 * A batch whose `events` array holds `mib` MiB of `{},{},…`: ~30 KB of gzip per 30 MiB. Every
 * `{}` is three bytes of text but a heap object once parsed: ten million of them in 30 MiB.
 */
function emptyObjectsBomb(mib: number): Buffer {
  const count = Math.floor((mib * MiB) / 3);
  const json = `{"v":1,"sessionId":"sess_bomb_000000000001","seq":0,"events":[{}${',{}'.repeat(count - 1)}]}`;
  return gzipSync(json, { level: 9 });
}

async function postGzip(server: VeilServer, body: Buffer): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': server.projectKey },
    body: new Uint8Array(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The most resident memory the server process has held since it started (Linux VmHWM), in bytes. */
function peakRss(server: VeilServer): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.process.pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

describe('a gzip body that inflates to millions of empty objects', () => {
  let server: VeilServer;
  beforeAll(async () => {
    server = await startVeil();
  });
  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
  });

  it('is refused 413 too_many_values while it inflates: no stall, and memory stays within a small multiple of the body cap', async () => {
    const bomb = emptyObjectsBomb(30);
    expect(bomb.length).toBeLessThan(64 * 1024);
    // Warm the ingest path first so its first-use costs are not counted as the attack's.
    const ordinary = JSON.stringify(rrwebBatch({ sessionId: 'sess_bomb_warmup_0001', startedAt: Date.now() - 60_000 }, 0));
    expect((await postBatchText(server, ordinary)).status).toBe(200);
    const rssBefore = peakRss(server);

    const report = await measureStall(server, () => postGzip(server, bomb));
    console.log(describeStall('30 MiB of {} (30 KB gzip)', report));
    const growth = peakRss(server) - rssBefore;
    console.log(`peak RSS grew ${(growth / MiB).toFixed(1)} MiB (body cap ${MAX_DECOMPRESSED_BODY_BYTES / MiB} MiB)`);

    expect(report.attackResult).toEqual({ status: 413, body: { error: { code: 'too_many_values', message: expect.any(String) } } });
    expect(stalled(report), describeStall('bomb', report)).toBe(false);
    expect(growth).toBeLessThan(3 * MAX_DECOMPRESSED_BODY_BYTES);
  });

  it('a 100 KB version (100 MiB inflated) is refused the same way, and ordinary batches are stored right after (no heap shedding)', async () => {
    const answer = await postGzip(server, emptyObjectsBomb(100));
    expect(answer).toEqual({ status: 413, body: { error: { code: 'too_many_values', message: expect.any(String) } } });
    for (let seq = 0; seq < 3; seq++) {
      const batch = JSON.stringify(rrwebBatch({ sessionId: 'sess_bomb_after_00001', startedAt: Date.now() - 60_000 }, seq));
      expect((await postBatchText(server, batch)).status).toBe(200);
    }
  });
});
