import { afterEach, beforeEach, expect, it } from 'vitest';
import { chunkEventsJson } from '../../src/store/chunk-format.js';
import type { Store } from '../../src/store/types.js';
import { beaconParts, postBeacon, postFetch, SESSION_ID, validBatch } from '../helpers/ingest-requests.js';
import { forEachBackend, startHarness, type Harness } from '../helpers/veil-harness.js';

// Acknowledgement and dedup over HTTP, on SQLite and PostgreSQL (read back through the store).
forEachBackend('acknowledgement and duplicates', (backend) => {
  let t: { app: Harness['app']; store: Store; key: string; close(): Promise<void> };
  beforeEach(async () => {
    const h = await startHarness(undefined, { backend });
    t = { app: h.app, store: h.store, key: h.boot.projectKey, close: () => h.close() };
  });
  afterEach(() => t.close());

  const sessionRow = (id: string) => t.store.sessions.get(id, Date.now());
  const chunkCount = async (id: string) => (await t.store.sessions.chunks(id, Date.now())).length;
  const storedEvents = async (id: string) => (await t.store.sessions.chunks(id, Date.now())).flatMap((c) => JSON.parse(chunkEventsJson(c)) as unknown[]);

  it('answers a re-sent batch with duplicate: true and stores it once', async () => {
    const batch = validBatch();
    await postFetch(t.app, t.key, batch);
    const before = await sessionRow(SESSION_ID);
    const again = await postFetch(t.app, t.key, batch);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    expect(await chunkCount(SESSION_ID)).toBe(1);
    expect(await sessionRow(SESSION_ID)).toEqual(before);
  });

  it('recognises a fetch batch re-sent as a beacon as the same batch', async () => {
    const batch = validBatch();
    await postFetch(t.app, t.key, batch);
    const again = await postBeacon(t.app, beaconParts(t.key, batch));
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    expect(await chunkCount(SESSION_ID)).toBe(1);
  });

  it('refuses another body under a used seq with 409 and keeps the first', async () => {
    await postFetch(t.app, t.key, validBatch({ text: 'first' }));
    const conflict = await postFetch(t.app, t.key, validBatch({ text: 'second' }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('seq_conflict');
    expect(JSON.stringify(await storedEvents(SESSION_ID))).toContain('first');
  });
});
