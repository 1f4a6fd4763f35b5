import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { MAX_COMPRESSED_BODY_BYTES, MAX_DECOMPRESSED_BODY_BYTES } from '@veil/protocol';
import { apiError, ApiError } from '../errors.js';
import type { MemoryLease } from './memory-budget.js';

export interface BodyLimits {
  compressed: number;
  decompressed: number;
  /** Charged for every decompressed byte held, so all requests together stay within one budget. */
  lease?: MemoryLease;
  /**
   * When given, a gzip body's bytes as they came are kept here too (charged to the lease), for
   * callers that may store the compressed form as it is.
   */
  wire?: Buffer[];
  /**
   * Sees every decompressed chunk as it arrives and may throw (an ApiError) to refuse the body
   * there, before the rest is inflated and read: a JSON limit scanner, for instance.
   */
  inspect?: (chunk: Buffer) => void;
  /** Aborting it stops the read with the signal's reason (a body deadline, for instance). */
  signal?: AbortSignal;
}

const DEFAULT_LIMITS: BodyLimits = { compressed: MAX_COMPRESSED_BODY_BYTES, decompressed: MAX_DECOMPRESSED_BODY_BYTES };

/** Stream errors that mean the client went away or cut the body short, not a server fault. */
const CLIENT_GONE = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'FST_MP_PREMATURE_CLOSE', 'ECONNABORTED']);

/**
 * Reads a request body, inflating it when gzip, with both size caps enforced while streaming: a
 * gzip bomb is cut off once `decompressed` bytes have been produced, never inflated whole.
 *
 * On failure the source is not destroyed (that would close the socket before the 413 is
 * written): it is unpiped and drained into nothing, and the caller's answer still reaches the client.
 */
export function readBody(source: Readable, gzip: boolean, limits: BodyLimits = DEFAULT_LIMITS): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let compressed = 0;
    let decompressed = 0;
    let settled = false;
    const inflater: Gunzip | null = gzip ? createGunzip() : null;

    const onAbort = () => fail(limits.signal!.reason);
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      limits.signal?.removeEventListener('abort', onAbort);
      source.off('data', onSourceData);
      source.off('end', onSourceEnd);
      if (inflater) {
        source.unpipe(inflater);
        inflater.destroy();
      }
      // Discard whatever else the client sends; the reply closes the connection.
      source.resume();
      parts.length = 0;
      reject(toClientError(err));
    };

    const onOutput = (chunk: Buffer) => {
      if (settled) return;
      decompressed += chunk.length;
      if (decompressed > limits.decompressed) return fail(apiError(inflater ? 'decompressed_too_large' : 'body_too_large'));
      try {
        limits.lease?.add(chunk.length);
        limits.inspect?.(chunk);
      } catch (err) {
        return fail(err);
      }
      parts.push(chunk);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      limits.signal?.removeEventListener('abort', onAbort);
      resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, decompressed));
    };

    // Counts what arrives on the wire (before inflating) against the compressed cap.
    const onSourceData = (chunk: Buffer) => {
      compressed += chunk.length;
      if (compressed > limits.compressed) return fail(apiError('body_too_large'));
      if (!inflater) return onOutput(chunk);
      if (limits.wire) {
        try {
          limits.lease?.add(chunk.length);
        } catch (err) {
          return fail(err);
        }
        limits.wire.push(chunk);
      }
    };
    const onSourceEnd = () => {
      if (compressed === 0) fail(apiError('empty_body'));
      else if (!inflater) finish();
    };

    // A multipart file stream can fail (body cut short) before the handler reaches it: its
    // 'error' and 'close' are then already gone, so ask the stream rather than wait for them.
    if (source.errored || (source.destroyed && !source.readableEnded)) return fail(source.errored ?? apiError('aborted'));
    if (limits.signal?.aborted) return fail(limits.signal.reason);
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    source.on('data', onSourceData);
    source.on('end', onSourceEnd);
    source.on('error', fail);
    if (inflater) {
      inflater.on('data', onOutput);
      inflater.on('end', finish);
      inflater.on('error', fail);
      // pipe() gives backpressure: the source pauses while the inflater's buffer is full.
      source.pipe(inflater);
    }
  });
}

function toClientError(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('Z_')) return apiError('invalid_gzip');
  if (CLIENT_GONE.has(code) || (err as Error).message === 'aborted') return apiError('aborted');
  return err;
}
