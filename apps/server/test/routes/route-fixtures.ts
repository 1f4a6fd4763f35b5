import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { startHarness } from '../helpers/veil-harness.js';

/** The shared harness (real app, real SQLite file in a temp dir), with the admin header as `auth`. */
export async function appWithStore() {
  const h = await startHarness();
  return { app: h.app, store: h.store, boot: h.boot, auth: h.admin, close: () => h.close() };
}

/** A small valid batch: a meta event, a full snapshot and a click, at `startMs`. */
export function demoBatch(sessionId: string, seq: number, startMs: number, extra: { userId?: string; href?: string } = {}) {
  return {
    v: 1,
    sessionId,
    seq,
    ...(extra.userId ? { userId: extra.userId } : {}),
    events: [
      { type: 4, timestamp: startMs, data: { href: extra.href ?? 'https://shop.example/cart', width: 1280, height: 800 } },
      {
        type: 2,
        timestamp: startMs + 1,
        data: {
          node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [{ type: 3, id: 3, textContent: `Welcome, batch ${seq}` }] }] },
          initialOffset: { left: 0, top: 0 },
        },
      },
      { type: 3, timestamp: startMs + 1000, data: { source: 2, type: 2, id: 3, x: 10, y: 10 } },
    ],
  };
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
