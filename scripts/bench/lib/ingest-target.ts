import { randomBytes } from 'node:crypto';
import { ingestBodyFactory } from './gzip-parts.js';
import type { LoadTarget } from './load.js';
import { DemoRecording } from './rrweb-fixture.js';

/** Batches per synthetic session: each request is a real insert, most of them into an existing session. */
const BATCHES_PER_SESSION = 100;

/** The events of one busy 5-second batch of the demo shop, ≈ `rawBytes` of JSON. */
export function realisticBatchEvents(rawBytes = 45_000, now = Date.now()): { json: string; count: number } {
  const rec = new DemoRecording();
  rec.start(now - 60_000);
  rec.batch(now - 60_000, 55_000, 200_000); // warm the page up: products, typing, cart
  const events = rec.batch(now - 5_000, 5_000, rawBytes);
  return { json: JSON.stringify(events), count: events.length };
}

/** POSTs to `url` gzip ingest bodies, each with its own (sessionId, seq). */
export function ingestTarget(url: string, projectKey: string, eventsJson: string): LoadTarget {
  const tag = randomBytes(6).toString('hex');
  const body = ingestBodyFactory(eventsJson);
  return {
    url,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': projectKey },
    body: (i) => body(`ld${tag}${String(Math.floor(i / BATCHES_PER_SESSION)).padStart(8, '0')}`, i % BATCHES_PER_SESSION),
  };
}
