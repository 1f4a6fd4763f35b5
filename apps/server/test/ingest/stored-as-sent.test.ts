import Database from 'better-sqlite3';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_ENCODING } from '../../src/store/chunk-format.js';
import { gunzipSync } from 'node:zlib';
import { cellsContaining } from '../helpers/db-inspect.js';
import { rrwebBatch, startHarness, type Harness } from '../helpers/veil-harness.js';

/**
 * A batch the server's scrub leaves untouched is stored exactly as the recorder compressed it
 * (no JSON.stringify, no gzip on the ingest path); one it had to mask is re-serialized. Either
 * way the events API answers the same events.
 */
describe('chunks stored as sent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const post = (body: Buffer, gzip: boolean) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'x-veil-key': h.boot.projectKey },
      payload: body,
    });
  const chunk = (sessionId: string) => {
    const db = new Database(join(h.dir, 'veil.db'), { readonly: true });
    try {
      return db.prepare('SELECT body, encoding FROM chunks WHERE session_id = ?').get(sessionId) as { body: Buffer; encoding: number };
    } finally {
      db.close();
    }
  };
  const events = async (sessionId: string) => (await h.app.inject({ url: `/api/v1/sessions/${sessionId}/events`, headers: h.admin })).json();

  it('keeps the gzip body as it came when the scrub changes nothing', async () => {
    const batch = rrwebBatch({ sessionId: 'as-sent-clean-000001', startedAt: Date.now() - 5_000, text: 'Featured lamps' }, 0);
    const wire = gzipSync(JSON.stringify(batch));
    expect((await post(wire, true)).statusCode).toBe(200);
    const stored = chunk('as-sent-clean-000001');
    expect(stored.encoding).toBe(CHUNK_ENCODING.BATCH);
    expect(stored.body.equals(wire)).toBe(true);
    expect(await events('as-sent-clean-000001')).toEqual(batch.events);
  });

  it.each([
    ['a comment in the gzip header', (member: Buffer) => member],
    ['a comment in the header of a second gzip member', (member: Buffer) => Buffer.concat([gzipSync(Buffer.alloc(0)), member])],
  ])('compresses anew a body whose gzip carries %s, which no check reads', async (_name, wrap) => {
    const batch = rrwebBatch({ sessionId: `as-sent-fcomment-${_name.length}`.padEnd(20, '0'), startedAt: Date.now() - 5_000 }, 0);
    const plain = gzipSync(JSON.stringify(batch));
    // FLG bit 4 (FCOMMENT): a zero-terminated comment follows the 10-byte header.
    const header = Buffer.from(plain.subarray(0, 10));
    header[3] = 0x10;
    const wire = wrap(Buffer.concat([header, Buffer.from('card 4111 1111 1111 1111\0', 'latin1'), plain.subarray(10)]));
    expect((await post(wire, true)).statusCode).toBe(200);
    const stored = chunk(batch.sessionId);
    expect(stored.encoding).toBe(CHUNK_ENCODING.BATCH);
    expect(stored.body.toString('latin1')).not.toContain('4111 1111');
    expect(await events(batch.sessionId)).toEqual(batch.events);
  });

  it('compresses a clean uncompressed body as it came', async () => {
    const batch = rrwebBatch({ sessionId: 'as-sent-plain-000001', startedAt: Date.now() - 5_000 }, 0);
    expect((await post(Buffer.from(JSON.stringify(batch)), false)).statusCode).toBe(200);
    expect(chunk('as-sent-plain-000001').encoding).toBe(CHUNK_ENCODING.BATCH);
    expect(await events('as-sent-plain-000001')).toEqual(batch.events);
  });

  it('re-serializes a batch the server had to mask, and stores only the masked form', async () => {
    const batch = rrwebBatch({ sessionId: 'as-sent-leaky-000001', startedAt: Date.now() - 5_000, text: 'mail jane.doe@example.org now' }, 0);
    expect((await post(gzipSync(JSON.stringify(batch)), true)).statusCode).toBe(200);
    const stored = chunk('as-sent-leaky-000001');
    expect(stored.encoding).toBe(CHUNK_ENCODING.EVENTS);
    const replayed = JSON.stringify(await events('as-sent-leaky-000001'));
    expect(replayed).not.toContain('jane.doe@example.org');
    expect(replayed).toContain('mail ');
  });

  it.each([
    [
      'a duplicate key inside an event hiding a typed secret behind a masked value',
      (b: { events: unknown[] }) =>
        JSON.stringify(b).replace('"events":[', '"events":[{"type":3,"timestamp":1,"data":{"source":5,"id":3,"text":"hunter2-hidden-secret","text":"********"}},'),
    ],
    [
      'a duplicate events array hiding unscrubbed events before the real ones',
      (b: { events: unknown[] }) =>
        JSON.stringify(b).replace('{"v":1', '{"events":[{"type":5,"timestamp":1,"data":{"tag":"x","payload":"mail hidden.secret@example.org"}}],"v":1'),
    ],
  ])('never stores content that JSON.parse hides: %s', async (_name, serialize) => {
    const sessionId = `as-sent-dupes-${_name.length.toString().padStart(6, '0')}`;
    const batch = rrwebBatch({ sessionId, startedAt: Date.now() - 5_000, text: 'Ordinary page text' }, 0);
    const body = serialize(batch as never);
    expect(body).toMatch(/hunter2-hidden-secret|hidden\.secret@example\.org/);
    expect((await post(gzipSync(body), true)).statusCode).toBe(200);
    expect(chunk(sessionId).encoding).toBe(CHUNK_ENCODING.EVENTS);
    // Neither in any cell, nor in any chunk once decompressed.
    const chunks = (h.store.db.prepare('SELECT body FROM chunks').all() as Array<{ body: Buffer }>).map((c) => gunzipSync(c.body).toString('utf8')).join('\n');
    for (const secret of ['hunter2-hidden-secret', 'hidden.secret@example.org']) {
      expect(chunks).not.toContain(secret);
      expect(cellsContaining(h.store.db, secret)).toEqual([]);
    }
    // Recording did happen: the ordinary text is stored.
    expect(chunks).toContain('Ordinary page text');
  });

  it('stores the scrubbed form when the scrub drops something without counting it', async () => {
    // An attribute change inside a blocked element is dropped by the scrubber (not masked, not
    // counted): the body must still not be stored as it came.
    const t = Date.now() - 5_000;
    const batch = {
      v: 1,
      sessionId: 'as-sent-blocked-0001',
      seq: 0,
      events: [
        { type: 4, timestamp: t, data: { href: 'https://shop.example/', width: 1280, height: 800 } },
        {
          type: 2,
          timestamp: t + 1,
          data: {
            node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'body', attributes: {}, childNodes: [
              { type: 3, id: 3, textContent: 'Ordinary page text' },
              { type: 2, id: 5, tagName: 'div', attributes: { 'data-veil-block': '', rr_width: '10px', rr_height: '10px' }, childNodes: [] },
            ] }] },
            initialOffset: { left: 0, top: 0 },
          },
        },
        { type: 3, timestamp: t + 2, data: { source: 0, texts: [], attributes: [{ id: 5, attributes: { title: 'Jane Blocked' } }], removes: [], adds: [] } },
      ],
    };
    expect((await post(gzipSync(JSON.stringify(batch)), true)).statusCode).toBe(200);
    expect(chunk('as-sent-blocked-0001').encoding).toBe(CHUNK_ENCODING.EVENTS);
    const replayed = JSON.stringify(await events('as-sent-blocked-0001'));
    expect(replayed).not.toContain('Jane Blocked');
    expect(replayed).toContain('Ordinary page text');
  });

  it.each([
    ['pretty-printed JSON', (b: object) => JSON.stringify(b, null, 2)],
    ['events before the other members', ({ events, ...rest }: { events: unknown[] }) => JSON.stringify({ events, ...rest })],
  ])('re-serializes %s, which cannot be cut apart as text', async (_name, serialize) => {
    const sessionId = `as-sent-shape-${_name.length.toString().padStart(6, '0')}`;
    const batch = rrwebBatch({ sessionId, startedAt: Date.now() - 5_000 }, 0);
    expect((await post(gzipSync(serialize(batch as never)), true)).statusCode).toBe(200);
    expect(chunk(sessionId).encoding).toBe(CHUNK_ENCODING.EVENTS);
    expect(await events(sessionId)).toEqual(batch.events);
  });
});
