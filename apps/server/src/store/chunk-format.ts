import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';

/**
 * How a stored chunk's body is encoded. Both are gzip; they differ in what was compressed:
 * - EVENTS (0): the JSON array of the batch's scrubbed events, compressed by the server;
 * - BATCH (1): the batch exactly as the recorder sent and compressed it
 *   (`{"v":1,…,"events":[…]}`), kept when the server's scrub changed nothing, so the common
 *   case costs no gzip on the ingest path (about a third of its CPU).
 */
export const CHUNK_ENCODING = { EVENTS: 0, BATCH: 1 } as const;
export type ChunkEncoding = (typeof CHUNK_ENCODING)[keyof typeof CHUNK_ENCODING];

/** A chunk as read back from the store. */
export interface StoredChunk {
  seq: number;
  body: Buffer;
  encoding: ChunkEncoding;
}

/**
 * Chunk compression. Measured on 11 real batches recorded from the demo shop in Chromium (542 KiB
 * of event JSON, best of 7 runs, 2 shared cores): gzip-1 9.3x 0.25 ms/batch, gzip-6 11.3x
 * 0.73 ms, gzip-9 12.3x 1.59 ms; brotli-1 11.0x 0.18 ms, brotli-4 13.7x 0.54 ms, brotli-5 15.7x
 * 0.83 ms. Gzip-6 matches what the recorder's CompressionStream produces, which the BATCH
 * encoding stores as it came; a codec change would need a new encoding value.
 */
const GZIP_LEVEL = 6;

const EVENTS_KEY = Buffer.from('"events":[');

/**
 * Where the events array starts in a batch's JSON, or -1 unless it can be cut out as text:
 * compact JSON (as JSON.stringify writes it) whose last member is `events`. The first
 * `"events":[` is the top-level key — a quote inside a JSON string is always escaped, so the
 * pattern cannot occur in a string, and the envelope's other members are plain values, so
 * nothing nested comes before it — and a body ending in `]}` ends with that array.
 */
export function eventsArrayStart(json: Buffer): number {
  const at = json.indexOf(EVENTS_KEY);
  const n = json.length;
  if (at < 0 || n < 2 || json[n - 2] !== 0x5d /* ] */ || json[n - 1] !== 0x7d /* } */) return -1;
  return at + EVENTS_KEY.length - 1;
}

/**
 * The body to store for a batch. `raw` is the batch JSON as received and `wire` its gzip as it
 * came (when it came gzip); `events` the scrubbed events. `asSent` says the caller proved `raw`
 * holds nothing but those events, unchanged (see ingest-batch.ts): then it is stored as it came;
 * otherwise the events are re-serialized.
 */
export function encodeChunk(raw: Buffer, wire: Buffer | null, events: unknown[], asSent: boolean): { body: Buffer; encoding: ChunkEncoding } {
  if (asSent && eventsArrayStart(raw) >= 0) {
    return { body: wire && isPlainGzipOf(wire, raw) ? wire : gzipSync(raw, { level: GZIP_LEVEL }), encoding: CHUNK_ENCODING.BATCH };
  }
  return { body: gzipSync(JSON.stringify(events), { level: GZIP_LEVEL }), encoding: CHUNK_ENCODING.EVENTS };
}

/**
 * True when `wire` is one gzip member with no optional header fields (FLG 0, as CompressionStream
 * and zlib write it) whose data is all of `raw`. Anything else could carry text no check reads —
 * in FNAME, FCOMMENT or FEXTRA, or in the header of a second member — and is compressed anew.
 * Costs one inflate of the wire (~0.2 ms for a 45 KB batch), a fifth of compressing it again.
 */
function isPlainGzipOf(wire: Buffer, raw: Buffer): boolean {
  const HEADER = 10;
  const TRAILER = 8;
  if (wire.length < HEADER + TRAILER || wire[0] !== 0x1f || wire[1] !== 0x8b || wire[2] !== 8 || wire[3] !== 0) return false;
  try {
    const { engine } = inflateRawSync(wire.subarray(HEADER), { info: true }) as unknown as { engine: { bytesWritten: number } };
    return HEADER + engine.bytesWritten + TRAILER === wire.length && wire.readUInt32LE(wire.length - 4) === raw.length % 2 ** 32;
  } catch {
    return false;
  }
}

/** The JSON text of a stored chunk's events array, whatever its encoding. */
export function chunkEventsJson(chunk: Pick<StoredChunk, 'body' | 'encoding'>): string {
  const json = gunzipSync(chunk.body);
  if (chunk.encoding === CHUNK_ENCODING.EVENTS) return json.toString('utf8');
  const start = eventsArrayStart(json);
  if (start < 0) throw new Error('stored batch chunk is not in the expected shape');
  return json.toString('utf8', start, json.length - 1);
}
