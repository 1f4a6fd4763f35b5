import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { importedSessionId } from '../../src/portability/import-session.js';
import { multipartForm } from '../helpers/multipart.js';
import { forEachBackend, record, startHarness, type Harness } from '../helpers/veil-harness.js';

/**
 * An import stores all of a file's batches or none. One that fails half-way must leave nothing
 * behind, not even an erased-session marker: the corrected file must then import, not get 410.
 */
forEachBackend('an import is all or nothing', (backend) => {
  let h: Harness<Store>;
  let file: { session: { id: string }; batches: Array<{ seq: number; events: Array<{ timestamp: unknown }> }> };
  beforeEach(async () => {
    h = await startHarness(undefined, { backend });
    await record(h.store, h.project, { sessionId: 'import-source-000001', userId: 'import-user', startedAt: Date.now() - 60_000, batches: 4 });
    file = (await h.app.inject({ url: '/api/v1/sessions/import-source-000001/export', headers: h.admin })).json();
  });
  afterEach(async () => h.close());

  const importFile = (body: unknown) => {
    const form = multipartForm({}, { name: 'file', filename: 'session.json', contentType: 'application/json', body: JSON.stringify(body) });
    return h.app.inject({ method: 'POST', url: '/api/v1/import', headers: { ...h.admin, ...form.headers }, payload: form.payload });
  };
  const tableCount = (table: string) => h.rowCount(table);

  it('a file whose third batch is invalid stores nothing, is not audited, and imports once corrected', async () => {
    const broken = structuredClone(file);
    broken.batches[2]!.events[0]!.timestamp = 'yesterday';
    const chunksBefore = await tableCount('chunks');

    const refused = await importFile(broken);

    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/^batches\.2: /);
    expect(await tableCount('sessions')).toBe(1);
    expect(await tableCount('chunks')).toBe(chunksBefore);
    expect(await tableCount('erased_sessions')).toBe(0);
    expect(await h.store.audit.list({ action: 'session.import', limit: 10 })).toEqual([]);

    const corrected = await importFile(file);

    expect(corrected.statusCode).toBe(201);
    expect(corrected.json()).toMatchObject({ sessionId: importedSessionId(h.project.id, 'import-source-000001'), batches: 4, duplicates: 0 });
    expect(await h.store.audit.list({ action: 'session.import', limit: 10 })).toHaveLength(1);
  });

  it('a file whose last batch conflicts with what an earlier import stored adds none of its new batches', async () => {
    // An earlier import stored batches 0, 1 and 3; this file brings batch 2 and another batch 3.
    expect((await importFile({ ...file, batches: [file.batches[0], file.batches[1], file.batches[3]] })).statusCode).toBe(201);
    const id = importedSessionId(h.project.id, 'import-source-000001');
    const before = await h.store.sessions.get(id, Date.now());
    const changed = structuredClone(file);
    (changed.batches[3]!.events[0]! as { timestamp: number }).timestamp += 1;

    const refused = await importFile(changed);

    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/^batches\.3: /);
    expect(await h.store.sessions.get(id, Date.now())).toEqual(before);
    expect((await h.store.sessions.chunks(id, Date.now())).map((c) => c.seq)).toEqual([0, 1, 3]);
    expect(await h.store.audit.list({ action: 'session.import', limit: 10 })).toHaveLength(1);
  });
});
