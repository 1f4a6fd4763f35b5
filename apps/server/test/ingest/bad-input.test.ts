import { gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DECOMPRESSED_BODY_BYTES, MAX_EVENTS_PER_BATCH, MAX_JSON_DEPTH, MAX_STRING_LENGTH } from '@veil/protocol';
import { MAX_JSON_CONTAINERS, MAX_JSON_VALUES } from '@veil/protocol/limits';
import { ERRORS, type ErrorCode } from '../../src/errors.js';
import { snapshotDatabase } from '../helpers/db-snapshot.js';
import { startIngestApp, type IngestApp } from '../helpers/ingest-app.js';
import {
  beaconParts,
  errorOf,
  INGEST_URL,
  multipartBody,
  postBeacon,
  postFetch,
  SESSION_ID,
  validBatch,
} from '../helpers/ingest-requests.js';

/** A session already stored in another project: writing into it from this project is refused. */
const FOREIGN_SESSION = 'sess_foreign_00000000001';
const MiB = 1024 * 1024;

interface World {
  t: IngestApp;
  disabledKey: string;
  originKey: string;
  revokedKey: string;
}

interface Case {
  name: string;
  send: (w: World) => Promise<LightMyRequestResponse>;
  code: ErrorCode;
  /** For schema errors: the message must name this field path. */
  field?: string;
}

const batch = validBatch();
const event0 = batch.events[0]!;
const withEvents = (events: unknown) => ({ ...batch, events });
const withEvent0 = (patch: Record<string, unknown>) => withEvents([{ ...event0, ...patch }, ...batch.events.slice(1)]);
const nested = (depth: number) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
/** The batch with `count` copies of `item` in an array in event 0's data, built as text (no huge JS array). */
const withMany = (item: string, count: number) =>
  JSON.stringify(withEvent0({ data: { ...event0.data, x: '__MANY__' } })).replace('"__MANY__"', `[${`${item},`.repeat(count - 1)}${item}]`);
const tooManyEvents = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({ type: 3, timestamp: event0.timestamp + i, data: { source: 1, positions: [] } }));

const CASES: Case[] = [
  // The door: key, project, origin.
  { name: 'no key at all', send: ({ t }) => postFetch(t.app, null, batch), code: 'missing_key' },
  { name: 'the key in the query string instead of the header', send: ({ t }) => postFetch(t.app, null, batch, { url: `${INGEST_URL}?key=${t.key}` }), code: 'missing_key' },
  { name: 'the key inside the JSON body instead of the header', send: ({ t }) => postFetch(t.app, null, { ...batch, key: t.key }), code: 'missing_key' },
  { name: 'the key as a bearer token', send: ({ t }) => postFetch(t.app, null, batch, { headers: { authorization: `Bearer ${t.key}` } }), code: 'missing_key' },
  { name: 'an unknown key', send: ({ t }) => postFetch(t.app, 'pk_unknownunknownunknownunknown', batch), code: 'invalid_key' },
  { name: 'a key rotated out with no grace period', send: ({ t, revokedKey }) => postFetch(t.app, revokedKey, batch), code: 'invalid_key' },
  { name: 'a key of 10,000 characters', send: ({ t }) => postFetch(t.app, `pk_${'x'.repeat(10_000)}`, batch), code: 'invalid_key' },
  { name: 'a key that is an SQL injection', send: ({ t }) => postFetch(t.app, "pk_' OR '1'='1", batch), code: 'invalid_key' },
  { name: 'the key of a disabled project', send: ({ t, disabledKey }) => postFetch(t.app, disabledKey, batch), code: 'recording_disabled' },
  { name: 'an origin outside the allowlist', send: ({ t, originKey }) => postFetch(t.app, originKey, batch, { headers: { origin: 'https://evil.example' } }), code: 'origin_not_allowed' },
  { name: 'no origin when the project has an allowlist', send: ({ t, originKey }) => postFetch(t.app, originKey, batch), code: 'origin_not_allowed' },

  // Content type and encoding.
  { name: 'text/plain', send: ({ t }) => postFetch(t.app, t.key, batch, { headers: { 'content-type': 'text/plain' } }), code: 'unsupported_media_type' },
  { name: 'a form-urlencoded body', send: ({ t }) => postFetch(t.app, t.key, `key=${t.key}`, { gzip: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), code: 'unsupported_media_type' },
  { name: 'application/octet-stream', send: ({ t }) => postFetch(t.app, t.key, batch, { headers: { 'content-type': 'application/octet-stream' } }), code: 'unsupported_media_type' },
  { name: 'Content-Encoding br', send: ({ t }) => postFetch(t.app, t.key, batch, { headers: { 'content-encoding': 'br' } }), code: 'unsupported_encoding' },
  { name: 'Content-Encoding deflate', send: ({ t }) => postFetch(t.app, t.key, batch, { headers: { 'content-encoding': 'deflate' } }), code: 'unsupported_encoding' },
  { name: 'Content-Encoding "gzip, gzip"', send: ({ t }) => postFetch(t.app, t.key, batch, { headers: { 'content-encoding': 'gzip, gzip' } }), code: 'unsupported_encoding' },

  // Bytes: empty, gzip, UTF-8, JSON.
  { name: 'an empty gzip-declared body', send: ({ t }) => postFetch(t.app, t.key, Buffer.alloc(0)), code: 'empty_body' },
  { name: 'an empty plain body', send: ({ t }) => postFetch(t.app, t.key, Buffer.alloc(0), { gzip: false }), code: 'empty_body' },
  { name: 'truncated gzip', send: ({ t }) => postFetch(t.app, t.key, gzipSync(JSON.stringify(batch)).subarray(0, 40)), code: 'invalid_gzip' },
  { name: 'plain JSON declared as gzip', send: ({ t }) => postFetch(t.app, t.key, Buffer.from(JSON.stringify(batch))), code: 'invalid_gzip' },
  { name: `a gzip bomb (${MAX_DECOMPRESSED_BODY_BYTES / MiB} MiB + 1 of zeros)`, send: ({ t }) => postFetch(t.app, t.key, gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BODY_BYTES + 1), { level: 9 })), code: 'decompressed_too_large' },
  { name: 'a compressed body over 10 MiB', send: ({ t }) => postFetch(t.app, t.key, Buffer.alloc(10 * MiB + 1, 0x20), { gzip: false }), code: 'body_too_large' },
  { name: 'invalid UTF-8', send: ({ t }) => postFetch(t.app, t.key, gzipSync(Buffer.concat([Buffer.from('{"v":1,"sessionId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]))), code: 'invalid_utf8' },
  { name: 'a lone UTF-16 surrogate encoded as UTF-8', send: ({ t }) => postFetch(t.app, t.key, gzipSync(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))), code: 'invalid_utf8' },
  { name: 'truncated JSON', send: ({ t }) => postFetch(t.app, t.key, JSON.stringify(batch).slice(0, -3)), code: 'invalid_json' },
  { name: 'NaN as a JSON value', send: ({ t }) => postFetch(t.app, t.key, JSON.stringify(batch).replace(/"seq":0/, '"seq":NaN')), code: 'invalid_json' },
  { name: 'two JSON documents back to back', send: ({ t }) => postFetch(t.app, t.key, JSON.stringify(batch) + JSON.stringify(batch)), code: 'invalid_json' },
  { name: 'a JSON array as the body', send: ({ t }) => postFetch(t.app, t.key, [batch]), code: 'invalid_batch', field: '(root)' },
  { name: 'a JSON null as the body', send: ({ t }) => postFetch(t.app, t.key, 'null'), code: 'invalid_batch', field: '(root)' },

  // Size and shape limits.
  { name: `nesting deeper than ${MAX_JSON_DEPTH}`, send: ({ t }) => postFetch(t.app, t.key, withEvent0({ data: { ...event0.data, x: nested(MAX_JSON_DEPTH + 1) } })), code: 'too_deep' },
  { name: 'nesting 200,000 levels deep (no stack overflow)', send: ({ t }) => postFetch(t.app, t.key, `{"v":1,"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`), code: 'too_deep' },
  { name: 'a string over 5 MiB', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ data: { ...event0.data, href: 'a'.repeat(MAX_STRING_LENGTH + 1) } })), code: 'string_too_long' },
  { name: 'an object key over 5 MiB', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ data: { ...event0.data, ['k'.repeat(MAX_STRING_LENGTH + 1)]: 1 } })), code: 'string_too_long' },
  { name: `more than ${MAX_JSON_CONTAINERS} objects and arrays`, send: ({ t }) => postFetch(t.app, t.key, withMany('{}', MAX_JSON_CONTAINERS + 1)), code: 'too_many_values' },
  { name: `more than ${MAX_JSON_VALUES} JSON values`, send: ({ t }) => postFetch(t.app, t.key, withMany('0', MAX_JSON_VALUES + 1)), code: 'too_many_values' },
  { name: `more than ${MAX_EVENTS_PER_BATCH} events`, send: ({ t }) => postFetch(t.app, t.key, withEvents(tooManyEvents)), code: 'too_many_events' },

  // The schema: envelope.
  { name: 'events that are not an array', send: ({ t }) => postFetch(t.app, t.key, withEvents({ 0: event0 })), code: 'invalid_batch', field: 'events' },
  { name: 'zero events', send: ({ t }) => postFetch(t.app, t.key, withEvents([])), code: 'invalid_batch', field: 'events' },
  { name: 'no events field', send: ({ t }) => postFetch(t.app, t.key, { v: 1, sessionId: SESSION_ID, seq: 5 }), code: 'invalid_batch', field: 'events' },
  { name: 'wire version 2', send: ({ t }) => postFetch(t.app, t.key, { ...batch, v: 2 }), code: 'invalid_batch', field: 'v' },
  { name: 'an unknown envelope field', send: ({ t }) => postFetch(t.app, t.key, { ...batch, debug: true }), code: 'invalid_batch', field: '(root)' },
  { name: 'a __proto__ envelope field', send: ({ t }) => postFetch(t.app, t.key, JSON.stringify(batch).replace('{', '{"__proto__":{"admin":true},')), code: 'invalid_batch', field: '(root)' },
  { name: 'a session id with SQL characters', send: ({ t }) => postFetch(t.app, t.key, { ...batch, sessionId: "x'); DROP TABLE chunks;--" }), code: 'invalid_batch', field: 'sessionId' },
  { name: 'a session id with path characters', send: ({ t }) => postFetch(t.app, t.key, { ...batch, sessionId: '../../../../etc/passwd' }), code: 'invalid_batch', field: 'sessionId' },
  { name: 'a session id of 15 characters', send: ({ t }) => postFetch(t.app, t.key, { ...batch, sessionId: 'a'.repeat(15) }), code: 'invalid_batch', field: 'sessionId' },
  { name: 'a numeric session id', send: ({ t }) => postFetch(t.app, t.key, { ...batch, sessionId: 1234567890123456 }), code: 'invalid_batch', field: 'sessionId' },
  { name: 'a negative seq', send: ({ t }) => postFetch(t.app, t.key, { ...batch, seq: -1 }), code: 'invalid_batch', field: 'seq' },
  { name: 'a fractional seq', send: ({ t }) => postFetch(t.app, t.key, { ...batch, seq: 0.5 }), code: 'invalid_batch', field: 'seq' },
  { name: 'a string seq', send: ({ t }) => postFetch(t.app, t.key, { ...batch, seq: '1' }), code: 'invalid_batch', field: 'seq' },
  { name: 'a seq beyond 2^53', send: ({ t }) => postFetch(t.app, t.key, { ...batch, seq: 1e20 }), code: 'invalid_batch', field: 'seq' },
  { name: 'an empty user id', send: ({ t }) => postFetch(t.app, t.key, { ...batch, userId: '' }), code: 'invalid_batch', field: 'userId' },
  { name: 'a user id of 257 characters', send: ({ t }) => postFetch(t.app, t.key, { ...batch, userId: 'u'.repeat(257) }), code: 'invalid_batch', field: 'userId' },
  { name: 'a numeric user id', send: ({ t }) => postFetch(t.app, t.key, { ...batch, userId: 42 }), code: 'invalid_batch', field: 'userId' },

  // The schema: events.
  { name: 'an event that is a string', send: ({ t }) => postFetch(t.app, t.key, withEvents(['event'])), code: 'invalid_batch', field: 'events.0' },
  { name: 'a negative timestamp', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ timestamp: -1 })), code: 'invalid_batch', field: 'events.0.timestamp' },
  { name: 'a string timestamp', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ timestamp: '1700000000000' })), code: 'invalid_batch', field: 'events.0.timestamp' },
  { name: 'a timestamp beyond any date', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ timestamp: 1e300 })), code: 'invalid_batch', field: 'events.0.timestamp' },
  { name: 'a timestamp two days in the future', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ timestamp: Date.now() + 2 * 86_400_000 })), code: 'invalid_batch', field: 'events.0.timestamp' },
  { name: 'a missing timestamp', send: ({ t }) => postFetch(t.app, t.key, withEvents([{ type: 4, data: event0.data }])), code: 'invalid_batch', field: 'events.0.timestamp' },
  { name: 'an unknown event type', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ type: 9 })), code: 'invalid_batch', field: 'events.0.type' },
  { name: 'an event type as a string', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ type: '4' })), code: 'invalid_batch', field: 'events.0.type' },
  { name: 'an unknown event field', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ secret: 'x' })), code: 'invalid_batch', field: 'events.0' },
  { name: 'event data that is an array', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ data: [] })), code: 'invalid_batch', field: 'events.0.data' },
  { name: 'a page view without its URL', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ data: { width: 1, height: 1 } })), code: 'invalid_batch', field: 'events.0.data.href' },
  { name: 'a page view with an extra data field', send: ({ t }) => postFetch(t.app, t.key, withEvent0({ data: { ...event0.data, email: 'jane@example.org' } })), code: 'invalid_batch', field: 'events.0.data' },
  { name: 'an incremental event without its source', send: ({ t }) => postFetch(t.app, t.key, withEvents([{ type: 3, timestamp: event0.timestamp, data: { x: 1 } }])), code: 'invalid_batch', field: 'events.0.data.source' },
  { name: 'a full snapshot without its node', send: ({ t }) => postFetch(t.app, t.key, withEvents([{ type: 2, timestamp: event0.timestamp, data: { initialOffset: { top: 0, left: 0 } } }])), code: 'invalid_batch', field: 'events.0.data.node' },

  // Durability: a used (sessionId, seq) with another body, a session of another project.
  { name: 'a stored seq re-sent with a different body', send: ({ t }) => postFetch(t.app, t.key, validBatch({ text: 'something else' })), code: 'seq_conflict' },
  { name: "a session id of another project's session", send: ({ t }) => postFetch(t.app, t.key, validBatch({ sessionId: FOREIGN_SESSION, seq: 1 })), code: 'seq_conflict' },

  // The beacon door (multipart).
  { name: 'multipart without a batch file', send: ({ t }) => postBeacon(t.app, [{ name: 'key', value: t.key }]), code: 'missing_batch' },
  { name: 'multipart without a key', send: ({ t }) => postBeacon(t.app, beaconParts(t.key, batch).slice(1)), code: 'missing_key' },
  { name: 'multipart with an unknown key', send: ({ t }) => postBeacon(t.app, beaconParts('pk_nope', batch)), code: 'invalid_key' },
  { name: 'multipart with a key field over 256 bytes', send: ({ t }) => postBeacon(t.app, beaconParts(t.key + 'x'.repeat(300), batch)), code: 'invalid_key' },
  { name: 'multipart with the key in a header only', send: ({ t }) => postBeacon(t.app, beaconParts(t.key, batch).slice(1), { 'x-veil-key': t.key }), code: 'missing_key' },
  { name: 'multipart with a text/plain batch file', send: ({ t }) => postBeacon(t.app, [{ name: 'key', value: t.key }, { name: 'batch', filename: 'b', type: 'text/plain', data: Buffer.from(JSON.stringify(batch)) }]), code: 'unsupported_media_type' },
  { name: 'multipart with a batch file over 10 MiB', send: ({ t }) => postBeacon(t.app, [{ name: 'key', value: t.key }, { name: 'batch', filename: 'b', type: 'application/json', data: Buffer.alloc(10 * MiB + 10, 0x20) }]), code: 'body_too_large' },
  { name: 'multipart with a gzip bomb file', send: ({ t }) => postBeacon(t.app, [{ name: 'key', value: t.key }, { name: 'batch', filename: 'b', type: 'application/gzip', data: gzipSync(Buffer.alloc(100 * MiB + 1), { level: 9 }) }]), code: 'decompressed_too_large' },
  { name: 'multipart with invalid JSON in the file', send: ({ t }) => postBeacon(t.app, [{ name: 'key', value: t.key }, { name: 'batch', filename: 'b', type: 'application/json', data: Buffer.from('{"v":') }]), code: 'invalid_json' },
  { name: 'multipart with an extra field', send: ({ t }) => postBeacon(t.app, [...beaconParts(t.key, batch), { name: 'note', value: 'hi' }]), code: 'invalid_multipart' },
  { name: 'multipart with two batch files', send: ({ t }) => postBeacon(t.app, [...beaconParts(t.key, batch), beaconParts(t.key, batch)[1]!]), code: 'too_many_parts' },
  { name: 'multipart cut off mid-part', send: ({ t }) => { const { body, contentType } = multipartBody(beaconParts(t.key, batch)); return postBeacon(t.app, { body: body.subarray(0, body.length - 60), contentType }); }, code: 'invalid_multipart' },
  { name: 'multipart whose boundary never appears', send: ({ t }) => postBeacon(t.app, { body: Buffer.from('just some bytes'), contentType: 'multipart/form-data; boundary=nothere' }), code: 'invalid_multipart' },
  { name: 'multipart with Content-Encoding gzip', send: ({ t }) => postBeacon(t.app, beaconParts(t.key, batch), { 'content-encoding': 'gzip' }), code: 'unsupported_encoding' },
];

describe('ingest refuses malformed requests with their documented status and code, and writes nothing', () => {
  const world = {} as World;
  let before = '';

  beforeAll(async () => {
    world.t = await startIngestApp();
    const { store } = world.t;
    const now = Date.now();
    const disabled = await store.projects.create('Disabled', now);
    await store.projects.update(disabled.id, { enabled: false });
    world.disabledKey = disabled.key;
    const guarded = await store.projects.create('Guarded', now);
    await store.projects.update(guarded.id, { allowedOrigins: ['https://shop.example'] });
    world.originKey = guarded.key;
    const rotated = await store.projects.create('Rotated', now);
    world.revokedKey = rotated.key;
    await store.projects.rotateKey(rotated.id, now, 0);
    // What the conflict cases collide with.
    expect((await postFetch(world.t.app, world.t.key, batch)).statusCode).toBe(200);
    expect((await postFetch(world.t.app, guarded.key, validBatch({ sessionId: FOREIGN_SESSION }), { headers: { origin: 'https://shop.example' } })).statusCode).toBe(200);
    before = snapshotDatabase(store.db);
  });

  afterAll(() => world.t?.close());

  it(`covers at least 40 distinct malformed requests (${CASES.length})`, async () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$name → $code', async ({ send, code, field }) => {
    const response = await send(world);
    const error = errorOf(response);
    expect({ status: response.statusCode, code: error.code }).toEqual({ status: ERRORS[code][0], code });
    expect(typeof error.message).toBe('string');
    if (field) expect(error.message.startsWith(`${field}:`), error.message).toBe(true);
    if (response.statusCode === 429 || response.statusCode === 503) expect(response.headers['retry-after']).toBeDefined();
  });

  it('left every table exactly as it was', async () => {
    expect(snapshotDatabase(world.t.store.db)).toBe(before);
  });

  it('still stores a valid batch afterwards', async () => {
    const response = await postFetch(world.t.app, world.t.key, validBatch({ seq: 1 }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, duplicate: false });
    const row = world.t.store.db.prepare('SELECT count(*) AS n FROM chunks WHERE session_id = ?').get(SESSION_ID) as { n: number };
    expect(row.n).toBe(2);
  });
});
