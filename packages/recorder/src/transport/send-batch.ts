import { KEEPALIVE_MAX_BYTES } from '@veil/protocol/limits';
import { retryAfterMs } from './backoff.js';
import type { PendingBatch } from './batch-queue.js';

/** What became of one attempt to send a batch. */
export type SendOutcome =
  | { kind: 'stored' }
  | { kind: 'retry'; afterMs: number | null }
  | { kind: 'rejected'; status: number }
  /** The project was switched off or the key revoked: stop recording and discard. */
  | { kind: 'stop'; code: string };

/** Statuses worth another try; any other 4xx will fail the same way again. */
const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Sends one batch with fetch (keepalive when the page is going away and the body fits). */
export async function sendBatch(endpoint: string, projectKey: string, batch: PendingBatch, pageHiding: boolean): Promise<SendOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-veil-key': projectKey };
  if (batch.gzip) headers['content-encoding'] = 'gzip';
  let response: Response;
  try {
    response = await fetch(`${endpoint}/api/v1/ingest`, {
      method: 'POST',
      headers,
      body: batch.body as BodyInit,
      credentials: 'omit',
      keepalive: pageHiding && batch.body.byteLength <= KEEPALIVE_MAX_BYTES,
    });
  } catch {
    return { kind: 'retry', afterMs: null };
  }
  if (response.ok) return { kind: 'stored' };
  if (RETRY_STATUSES.has(response.status) || response.status >= 500) {
    return { kind: 'retry', afterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()) };
  }
  let code = '';
  try {
    code = ((await response.json()) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    // a body that is not ours: treat by status alone
  }
  if (code === 'recording_disabled' || code === 'invalid_key' || code === 'origin_not_allowed') return { kind: 'stop', code };
  return { kind: 'rejected', status: response.status };
}

/**
 * Last resort on page hide for a batch too large for a keepalive fetch: a beacon with a
 * multipart body (beacons cannot set headers, so the key travels as a form field).
 */
export function beaconBatch(endpoint: string, projectKey: string, batch: PendingBatch): boolean {
  if (typeof navigator.sendBeacon !== 'function') return false;
  const form = new FormData();
  form.append('key', projectKey);
  form.append('batch', new Blob([batch.body as BlobPart], { type: batch.gzip ? 'application/gzip' : 'application/json' }), 'batch');
  try {
    return navigator.sendBeacon(`${endpoint}/api/v1/ingest`, form);
  } catch {
    return false;
  }
}
