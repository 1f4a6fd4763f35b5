import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { rrwebBatch, startHarness, type HarnessBackend } from '../helpers/veil-harness.js';

/** The shared harness (real app, real SQLite file in a temp dir), with the admin header as `auth`. */
export async function appWithStore(backend: HarnessBackend = 'sqlite') {
  const h = await startHarness(undefined, { backend });
  return { app: h.app, store: h.store, boot: h.boot, auth: h.admin, close: () => h.close() };
}

/** A small valid batch at `startMs`: a meta event, a full snapshot saying `Welcome, batch N`, a click. */
export function demoBatch(sessionId: string, seq: number, startMs: number, extra: { userId?: string; href?: string } = {}) {
  return rrwebBatch({ sessionId, startedAt: startMs - seq * 5_000, text: `Welcome, batch ${seq}`, ...extra }, seq);
}

/** Posts a batch as the recorder does (gzip JSON, key header). */
export function postBatch(app: FastifyInstance, key: string, batch: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': key },
    payload: gzipSync(JSON.stringify(batch)),
  });
}
