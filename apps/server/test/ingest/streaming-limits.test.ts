import { request } from 'node:http';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from '../helpers/db-snapshot.js';
import { startIngestApp, type IngestApp } from '../helpers/ingest-app.js';
import { validBatch } from '../helpers/ingest-requests.js';

const MiB = 1024 * 1024;

/** An endless stream of `chunk`: a body that only the server's caps can end. */
function endless(chunk: Buffer): Readable {
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

interface Answer {
  status: number;
  body: string;
  /** Whether the client was still sending when the answer came. */
  stillSending: boolean;
}

/** POSTs `body` (a stream, sent chunked) to the real socket and resolves with the first answer. */
function send(port: number, headers: Record<string, string>, body: Readable | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/ingest', headers }, (res) => {
      const chunks: Buffer[] = [];
      const stillSending = !finished;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        body?.unpipe(req);
        body?.destroy();
        req.destroy();
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), stillSending });
      });
    });
    // The server may close the connection after answering while this side still writes.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!['EPIPE', 'ECONNRESET'].includes(err.code ?? '')) reject(err);
    });
    req.on('finish', () => (finished = true));
    if (body) body.pipe(req);
    else req.flushHeaders();
  });
}

describe('ingest caps enforced while streaming, on a real socket', () => {
  let t: IngestApp;
  let port = 0;
  let before = '';

  beforeAll(async () => {
    t = await startIngestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
    before = snapshotDatabase(t.store.db);
  });
  afterAll(() => t?.close());

  it('cuts off an endless gzip bomb with 413 decompressed_too_large while it is still arriving', async () => {
    const bomb = endless(Buffer.alloc(MiB)).pipe(createGzip({ level: 9 }));
    const answer = await send(port, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': t.key }, bomb);
    expect(answer).toMatchObject({ status: 413, stillSending: true });
    expect(JSON.parse(answer.body).error.code).toBe('decompressed_too_large');
  });

  it('cuts off an endless uncompressed body with 413 body_too_large', async () => {
    const answer = await send(port, { 'content-type': 'application/json', 'x-veil-key': t.key }, endless(Buffer.alloc(256 * 1024, 0x20)));
    expect(answer).toMatchObject({ status: 413, stillSending: true });
    expect(JSON.parse(answer.body).error.code).toBe('body_too_large');
  });

  it('refuses a declared Content-Length over 10 MiB before any of the body is sent', async () => {
    const headers = { 'content-type': 'application/json', 'content-length': String(10 * MiB + 1), 'x-veil-key': t.key };
    const answer = await send(port, headers, null);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('body_too_large');
  });

  it('survives a client that disconnects halfway through a body', async () => {
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/ingest', headers: { 'content-type': 'application/json', 'x-veil-key': t.key, 'content-length': '100000' } });
      req.on('error', () => resolve());
      req.write('{"v":1,"sessionId":"sess_half_sent_000001","seq":0,"events":[', () => {
        req.destroy();
        resolve();
      });
    });
  });

  it('wrote nothing for any of them, and still stores a valid batch', async () => {
    expect(snapshotDatabase(t.store.db)).toBe(before);
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-veil-key': t.key },
      body: JSON.stringify(validBatch()),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, duplicate: false });
  });
});
