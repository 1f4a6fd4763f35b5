import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { forEachBackend, startHarness, type Harness } from '../helpers/veil-harness.js';
import { errorOf, postFetch, SESSION_ID, validBatch } from '../helpers/ingest-requests.js';

// The ingest key is public: anyone can post a batch for a session id they saw (a support link,
// a shared screen). Such a batch must not move the session to another end user, or the first
// user's erasure and export would no longer find it.

forEachBackend('session owner', (backend) => {
  let h: Harness<Store>;
  let t: { app: Harness['app']; store: Store; boot: Harness['boot']; key: string };
  beforeEach(async () => {
    h = await startHarness(undefined, { backend });
    t = { app: h.app, store: h.store, boot: h.boot, key: h.boot.projectKey };
  });
  afterEach(() => h.close());

  // Session ids here are the tests' own constants (no quoting needed).
  async function ownerOf(sessionId: string): Promise<string | null | undefined> {
    return ((await h.rows(`SELECT user_id FROM sessions WHERE id = '${sessionId}'`))[0] as { user_id: string | null } | undefined)?.user_id;
  }

  async function chunkCount(sessionId: string): Promise<number> {
    return Number((await h.rows(`SELECT count(*) AS n FROM chunks WHERE session_id = '${sessionId}'`))[0]!.n);
  }

  async function metric(series: string): Promise<number> {
    const body = (await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${t.boot.adminToken}` } })).body;
    const line = body.split('\n').find((l) => l.startsWith(`veil_ingest_batches_total${series} `));
    return line ? Number(line.split(' ')[1]) : 0;
  }

  describe('a session keeps the end user of its first identified batch', () => {
    it('refuses a batch naming another user with 409 session_user_conflict, stores nothing of it and counts it', async () => {
      expect((await postFetch(t.app, t.key, validBatch({ seq: 0, userId: 'alice', text: 'Alice page' }))).statusCode).toBe(200);

      const attack = await postFetch(t.app, t.key, validBatch({ seq: 1, userId: 'mallory', text: 'Mallory page' }));

      expect(attack.statusCode).toBe(409);
      expect(errorOf(attack).code).toBe('session_user_conflict');
      expect(await ownerOf(SESSION_ID)).toBe('alice');
      expect(await chunkCount(SESSION_ID)).toBe(1);
      expect(await metric('{code="session_user_conflict",outcome="rejected"}')).toBe(1);
    });

    it("the first user's erasure still deletes the session after the refused second sender", async () => {
      await postFetch(t.app, t.key, validBatch({ seq: 0, userId: 'alice' }));
      expect((await postFetch(t.app, t.key, validBatch({ seq: 1, userId: 'mallory' }))).statusCode).toBe(409);

      const erasure = await t.app.inject({ method: 'DELETE', url: '/api/v1/users/alice/sessions', headers: { authorization: `Bearer ${t.boot.adminToken}` } });

      expect(erasure.json()).toEqual({ deleted: 1 });
      expect(await ownerOf(SESSION_ID)).toBeUndefined();
      expect(await chunkCount(SESSION_ID)).toBe(0);
    });

    it('stores a batch without a user id for an identified session, which keeps its user', async () => {
      await postFetch(t.app, t.key, validBatch({ seq: 0, userId: 'alice' }));

      const anonymous = await postFetch(t.app, t.key, validBatch({ seq: 1 }));

      expect(anonymous.statusCode).toBe(200);
      expect(await ownerOf(SESSION_ID)).toBe('alice');
      expect(await chunkCount(SESSION_ID)).toBe(2);
    });

    it('takes the user of the first identified batch when the session began anonymous', async () => {
      await postFetch(t.app, t.key, validBatch({ seq: 0 }));
      expect((await postFetch(t.app, t.key, validBatch({ seq: 1, userId: 'alice' }))).statusCode).toBe(200);

      expect((await postFetch(t.app, t.key, validBatch({ seq: 2, userId: 'bob' }))).statusCode).toBe(409);
      expect(await ownerOf(SESSION_ID)).toBe('alice');
    });

    it('answers an identical re-send as a duplicate', async () => {
      const batch = validBatch({ seq: 0, userId: 'alice' });
      await postFetch(t.app, t.key, batch);

      const again = await postFetch(t.app, t.key, batch);

      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ ok: true, duplicate: true });
    });
  });
});
