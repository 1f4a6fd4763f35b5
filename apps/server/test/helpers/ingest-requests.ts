import { gzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { rrwebBatch } from './veil-harness.js';

export const INGEST_URL = '/api/v1/ingest';

/** A fixed, valid session id (16–64 URL-safe characters). */
export const SESSION_ID = 'sess_ingest_0000000001';

/** A small valid batch at `startMs`: a Meta (page view), a FullSnapshot with `text`, and a click. */
export function validBatch(opts: { sessionId?: string; seq?: number; startMs?: number; text?: string; href?: string; userId?: string } = {}) {
  const seq = opts.seq ?? 0;
  const t = opts.startMs ?? Date.now() - 60_000;
  // rrwebBatch places batch `seq` 5 s after the session start; here `startMs` is the batch's own time.
  return rrwebBatch(
    { sessionId: opts.sessionId ?? SESSION_ID, startedAt: t - seq * 5_000, text: opts.text ?? 'Hello', href: opts.href, userId: opts.userId },
    seq,
  );
}

/** Posts through the fetch door: gzip JSON with the key header, as the recorder does. A Buffer body is sent as is (the header still says gzip unless `gzip: false`). */
export function postFetch(
  app: FastifyInstance,
  key: string | null,
  body: unknown,
  opts: { gzip?: boolean; headers?: Record<string, string>; remoteAddress?: string; url?: string } = {},
): Promise<LightMyRequestResponse> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const gzip = opts.gzip ?? true;
  return app.inject({
    method: 'POST',
    url: opts.url ?? INGEST_URL,
    headers: {
      'content-type': 'application/json',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...(key === null ? {} : { 'x-veil-key': key }),
      ...opts.headers,
    },
    payload: gzip && !Buffer.isBuffer(body) ? gzipSync(raw) : raw,
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
}

export type FormPart =
  | { name: string; value: string }
  | { name: string; filename: string; type: string; data: Buffer };

/** A multipart/form-data body as browsers build it for `sendBeacon(url, formData)`. */
export function multipartBody(parts: FormPart[], boundary = '----VeilTestBoundary7MA4YWxkTrZu0gW'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = 'filename' in part ? `form-data; name="${part.name}"; filename="${part.filename}"` : `form-data; name="${part.name}"`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${'filename' in part ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), 'filename' in part ? part.data : Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The recorder's beacon: a `key` field, then a gzip `batch` file. */
export function beaconParts(key: string, batch: unknown): FormPart[] {
  return [
    { name: 'key', value: key },
    { name: 'batch', filename: 'batch', type: 'application/gzip', data: gzipSync(JSON.stringify(batch)) },
  ];
}

/** Posts through the beacon door. */
export function postBeacon(
  app: FastifyInstance,
  parts: FormPart[] | { body: Buffer; contentType: string },
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const { body, contentType } = Array.isArray(parts) ? multipartBody(parts) : parts;
  return app.inject({ method: 'POST', url: INGEST_URL, headers: { 'content-type': contentType, ...headers }, payload: body });
}

/** The error body every refusal must have. */
export function errorOf(response: LightMyRequestResponse): { code: string; message: string } {
  return (response.json() as { error: { code: string; message: string } }).error;
}
