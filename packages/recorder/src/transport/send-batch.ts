import { retryAfterMs } from './backoff.js';

/** What became of one attempt to send a batch. */
export type SendOutcome =
  | { kind: 'stored' }
  | { kind: 'retry'; afterMs: number | null }
  | { kind: 'rejected'; status: number }
  /** 409: this seq was stored with another body (the tab was duplicated): start a new session. */
  | { kind: 'conflict' }
  /** The project was switched off or the key revoked: stop recording and discard. */
  | { kind: 'stop'; code: string };

/** A send that hangs this long is abandoned and retried (same seq, so never stored twice). */
const SEND_TIMEOUT_MS = 30_000;
/** Error codes after which nothing this page records may be sent. */
const STOP_CODES = ['recording_disabled', 'invalid_key', 'origin_not_allowed'];

/**
 * Sends one batch body with fetch. JSON goes as is, gzip with `Content-Encoding: gzip`.
 * Retries are the caller's: network errors, 408, 429 and 5xx answer `retry`; other 4xx do not.
 */
export async function sendBatch(endpoint: string, projectKey: string, body: string | Uint8Array, keepalive: boolean): Promise<SendOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-veil-key': projectKey };
  if (typeof body !== 'string') headers['content-encoding'] = 'gzip';
  const abort = new AbortController();
  const timer = keepalive ? undefined : setTimeout(() => abort.abort(), SEND_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`${endpoint}/api/v1/ingest`, { method: 'POST', headers, body: body as BodyInit, credentials: 'omit', keepalive, signal: abort.signal });
  } catch {
    return { kind: 'retry', afterMs: null };
  } finally {
    clearTimeout(timer);
  }
  const status = response.status;
  if (response.ok) return { kind: 'stored' };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', afterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()) };
  }
  if (status === 409) return { kind: 'conflict' };
  let code = '';
  try {
    code = ((await response.json()) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    // a body that is not ours: treat by status alone
  }
  return STOP_CODES.includes(code) ? { kind: 'stop', code } : { kind: 'rejected', status };
}

/**
 * Page-hide fallback for a body the keepalive budget cannot take: a beacon with a multipart body
 * (beacons cannot set headers, so the key travels as the form field `key`, the batch as the file
 * `batch`). Answers whether the browser queued it (it refuses past its own ~64 KiB budget).
 */
export function beaconBatch(endpoint: string, projectKey: string, body: string | Uint8Array): boolean {
  try {
    if (typeof navigator.sendBeacon !== 'function') return false;
    const form = new FormData();
    form.append('key', projectKey);
    form.append('batch', new Blob([body as BlobPart], { type: typeof body === 'string' ? 'application/json' : 'application/gzip' }), 'batch');
    return navigator.sendBeacon(`${endpoint}/api/v1/ingest`, form);
  } catch {
    return false;
  }
}
