import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { MAX_COMPRESSED_BODY_BYTES, MAX_DECOMPRESSED_BODY_BYTES } from '@veil/protocol';
import { apiError, ApiError } from '../errors.js';

/** Counts bytes flowing through and fails with `code` as soon as `max` is passed. */
function byteCap(max: number, code: 'body_too_large' | 'decompressed_too_large'): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(apiError(code));
      else done(null, chunk);
    },
  });
}

/** Collects a stream into one Buffer. */
function collect(into: Buffer[]): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      into.push(chunk);
      done();
    },
  });
}

/**
 * Reads a request body, inflating it when gzip, with both size caps enforced while streaming: a
 * gzip bomb is cut off after MAX_DECOMPRESSED_BODY_BYTES have been produced, never inflated whole.
 */
export async function readBody(
  source: Readable,
  gzip: boolean,
  limits = { compressed: MAX_COMPRESSED_BODY_BYTES, decompressed: MAX_DECOMPRESSED_BODY_BYTES },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream | Transform> = [
    source,
    byteCap(limits.compressed, 'body_too_large'),
  ];
  if (gzip) stages.push(createGunzip(), byteCap(limits.decompressed, 'decompressed_too_large'));
  stages.push(collect(parts));
  try {
    await (pipeline as (...s: unknown[]) => Promise<void>)(...stages);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if ((err as { code?: string }).code?.startsWith('Z_')) throw apiError('invalid_gzip');
    throw err;
  }
  return Buffer.concat(parts);
}
