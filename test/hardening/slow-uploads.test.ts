import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rrwebBatch } from '../../apps/server/test/helpers/veil-harness.js';
import { startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';

/** As many slow uploads as the server serves at once (its admission cap). */
const SLOW_UPLOADS = 64;
/** Short, so the test is: a body gets this long plus 1 s per 500 bytes received. */
const BODY_TIMEOUT_MS = 1_500;
/** Linux routes all of 127.0.0.0/8 to loopback: the ordinary recorder is another address than the slow senders. */
const ORDINARY_ADDRESS = '127.0.0.2';

/** An upload that sends its headers and then one byte of its body now and then, as long as it is let. */
interface SlowUpload {
  socket: Socket;
  /** Everything the server answered so far. */
  answer: string;
  closed: boolean;
  stop(): void;
}

function startSlowUpload(server: VeilServer): SlowUpload {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  const upload: SlowUpload = { socket, answer: '', closed: false, stop: () => {} };
  socket.on('data', (d: Buffer) => (upload.answer += d.toString('latin1')));
  socket.on('error', () => {});
  socket.on('close', () => (upload.closed = true));
  socket.write(
    `POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `X-Veil-Key: ${server.projectKey}\r\nContent-Length: 100000\r\n\r\n{`,
  );
  const trickle = setInterval(() => {
    if (!socket.destroyed) socket.write(' ');
  }, 200);
  upload.stop = () => {
    clearInterval(trickle);
    socket.destroy();
  };
  socket.on('close', () => clearInterval(trickle));
  return upload;
}

/** Posts one ordinary batch (gzip, as the recorder sends it) from `localAddress`; answers the status. */
function postBatch(server: VeilServer, seq: number, localAddress: string): Promise<{ status: number; body: string }> {
  const body = gzipSync(JSON.stringify(rrwebBatch({ sessionId: `sess_ordinary_${localAddress.replaceAll('.', '_')}`, startedAt: Date.now() - 60_000 }, seq)));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        localAddress,
        method: 'POST',
        path: '/api/v1/ingest',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': server.projectKey, 'content-length': body.length },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const statusOf = (upload: SlowUpload) => Number(/^HTTP\/1\.1 (\d+)/.exec(upload.answer)?.[1] ?? 0);

describe('uploads that trickle a byte at a time', () => {
  let server: VeilServer;
  let slow: SlowUpload[] = [];
  beforeAll(async () => {
    server = await startVeil({ env: { VEIL_INGEST_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS) } });
  });
  afterAll(async () => {
    for (const upload of slow) upload.stop();
    await server?.stop();
    server?.cleanup();
  });

  it('cannot hold the in-flight slots: ordinary batches are stored meanwhile, and the slow ones are cut with 408', async () => {
    slow = Array.from({ length: SLOW_UPLOADS }, () => startSlowUpload(server));
    // The slow senders' address is at its cap of uploads at once: the excess was refused at once
    // (429 too_many_uploads, with Retry-After), the rest hold their slots.
    await waitFor(() => slow.filter((u) => statusOf(u) === 429).length >= SLOW_UPLOADS - 16, 'the uploads over the per-address cap to be refused', 10_000, 20);
    const refused = slow.find((u) => statusOf(u) === 429)!;
    expect(refused.answer).toMatch(/retry-after: \d+/i);
    expect(refused.answer).toContain('"too_many_uploads"');
    const holding = slow.filter((u) => statusOf(u) === 0);
    expect(holding.length).toBe(16);

    // Meanwhile a recorder on another address is served as usual.
    for (let seq = 0; seq < 3; seq++) {
      const answer = await postBatch(server, seq, ORDINARY_ADDRESS);
      expect(answer, answer.body).toMatchObject({ status: 200 });
    }

    // The trickling ones are cut: 408 body_timeout, and their connections closed.
    await waitFor(() => holding.every((u) => u.closed), 'the slow uploads to be cut', 15_000, 50);
    for (const upload of holding) {
      expect(statusOf(upload)).toBe(408);
      expect(upload.answer).toContain('"body_timeout"');
    }
    // Their slots are free again: the slow senders' own address is served too.
    expect((await postBatch(server, 0, '127.0.0.1')).status).toBe(200);
  });
});
