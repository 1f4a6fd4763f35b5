import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectCache, PROJECT_CACHE_TTL_MS } from '../../src/ingest/project-cache.js';
import { updateProject } from '../../src/services/project-service.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { pollUntil } from '../helpers/poll-until.js';
import { postFetch, validBatch } from '../helpers/ingest-requests.js';
import { startHarness, type Harness } from '../helpers/veil-harness.js';

describe('the project cache of ingest and remote config', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  /** Counts the store's project-by-key reads from here on. */
  const countReads = () => {
    const read = h.store.projects.getByKey.bind(h.store.projects);
    const counter = { reads: 0 };
    h.store.projects.getByKey = (key, now) => {
      counter.reads++;
      return read(key, now);
    };
    return counter;
  };

  it('reads a project once per TTL, and the store again once it has passed', async () => {
    let now = 1_000_000;
    const cache = createProjectCache(h.store, PROJECT_CACHE_TTL_MS, () => now);
    const counter = countReads();
    expect((await cache.byKey(h.project.key))?.enabled).toBe(true);
    // Another server (its own connection to the same database) turns recording off.
    const other = createSqliteStore(h.dir);
    try {
      await updateProject({ store: other, actor: 'cli', now: Date.now() }, h.project.id, { enabled: false });
    } finally {
      await other.close();
    }
    now += PROJECT_CACHE_TTL_MS - 1;
    expect((await cache.byKey(h.project.key))?.enabled).toBe(true);
    expect(counter.reads).toBe(1);
    now += 1;
    expect((await cache.byKey(h.project.key))?.enabled).toBe(false);
    expect(counter.reads).toBe(2);
  });

  it('shares one read among concurrent lookups, forgets unknown keys, and empties on invalidate', async () => {
    const cache = createProjectCache(h.store);
    const counter = countReads();
    const projects = await Promise.all(Array.from({ length: 5 }, () => cache.byKey(h.project.key)));
    expect(projects.map((p) => p?.id)).toEqual(Array(5).fill(h.project.id));
    expect(counter.reads).toBe(1);
    expect(await cache.byKey('pk_unknown')).toBeNull();
    expect(await cache.byKey('pk_unknown')).toBeNull();
    expect(counter.reads).toBe(3);
    cache.invalidate();
    await cache.byKey(h.project.key);
    expect(counter.reads).toBe(4);
  });

  it('applies a kill switch flipped through this server at once: the very next batch is refused', async () => {
    expect((await postFetch(h.app, h.project.key, validBatch({ seq: 0 }))).statusCode).toBe(200);
    const off = await h.app.inject({ method: 'PATCH', url: `/api/v1/projects/${h.project.id}`, headers: h.admin, payload: { enabled: false } });
    expect(off.statusCode).toBe(200);
    const refused = await postFetch(h.app, h.project.key, validBatch({ seq: 1 }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('recording_disabled');
    expect((await h.app.inject({ url: `/api/v1/config?key=${h.project.key}` })).json().enabled).toBe(false);
  });

  it('applies a kill switch flipped elsewhere (the CLI, another server) within the cache period', async () => {
    expect((await postFetch(h.app, h.project.key, validBatch({ seq: 0 }))).statusCode).toBe(200);
    const other = createSqliteStore(h.dir);
    try {
      await updateProject({ store: other, actor: 'cli', now: Date.now() }, h.project.id, { enabled: false });
    } finally {
      await other.close();
    }
    let seq = 1;
    const refused = await pollUntil(
      async () => {
        const res = await postFetch(h.app, h.project.key, validBatch({ seq: seq++ }));
        return res.statusCode === 403 ? res : null;
      },
      'ingest to refuse the disabled project',
      3 * PROJECT_CACHE_TTL_MS,
      100,
    );
    expect(refused.json().error.code).toBe('recording_disabled');
  });
});
