import { crc32, gzipSync } from 'node:zlib';

/**
 * A gzip member holding `data` uncompressed (deflate "stored" blocks): costs no CPU to build.
 * Gzip readers concatenate members, so `[stored(prefix), gzip(rest)]` is one valid gzip body
 * whose bulk is compressed as usual — how the load generator makes every body unique for free.
 */
export function storedGzip(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  for (let at = 0; at < data.length || blocks.length === 0; at += 65_535) {
    const part = data.subarray(at, at + 65_535);
    const head = Buffer.alloc(5);
    head[0] = at + 65_535 >= data.length ? 1 : 0; // BFINAL on the last block, BTYPE = stored
    head.writeUInt16LE(part.length, 1);
    head.writeUInt16LE(~part.length & 0xffff, 3);
    blocks.push(head, part);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), ...blocks, trailer]);
}

/** Ingest bodies that differ only in (sessionId, seq): the events part is compressed once. */
export function ingestBodyFactory(eventsJson: string, opts: { userId?: string } = {}): (sessionId: string, seq: number) => Buffer {
  const tail = gzipSync(`${eventsJson}}`, { level: 6 });
  const user = opts.userId ? `,"userId":${JSON.stringify(opts.userId)}` : '';
  return (sessionId, seq) =>
    Buffer.concat([storedGzip(Buffer.from(`{"v":1,"sessionId":"${sessionId}","seq":${seq}${user},"events":`)), tail]);
}
