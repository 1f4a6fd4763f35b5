import type { StoredChunk } from '../chunk-format.js';
import type { Db } from '../../db/open-database.js';
import { erasedSessionHash as erasedKey } from '../erasure-hash.js';
import { StoreBusyError, type AppendResult, type BatchToStore, type SessionFilter, type SessionStore } from '../types.js';
import type { Sync } from './sync.js';
import { MAX_URLS_TEXT, toSummary, type SessionRow } from '../session-row.js';

const DAY_MS = 86_400_000;

/**
 * Every read joins the project and keeps only sessions younger than its retention, so an expired
 * recording is never served, whether or not the sweeper has run yet.
 */
const LIVE = `FROM sessions s JOIN projects p ON p.id = s.project_id
  WHERE s.started_at > ? - p.retention_days * ${DAY_MS}`;
const COLUMNS = 's.*, p.retention_days';

/** Sessions and their chunks in SQLite. */
export function sqliteSessionStore(db: Db): Sync<SessionStore> {
  const chunkHash = db.prepare<[string, number], { batch_hash: string }>(
    'SELECT batch_hash FROM chunks WHERE session_id = ? AND seq = ?',
  );
  const sessionProject = db.prepare<[string], { project_id: string; user_id: string | null; urls: string }>(
    'SELECT project_id, user_id, urls FROM sessions WHERE id = ?',
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, project_id, user_id, started_at, last_event_at, first_url, pages, clicks,
       event_count, batch_count, stored_bytes, browser, os, device, privacy_redactions, urls)
     VALUES (@sessionId, @projectId, @userId, @firstTs, @lastTs, @firstUrl, @pages, @clicks,
       @eventCount, 1, @bytes, @browser, @os, @device, @privacyRedactions, @urls)`,
  );
  const updateSession = db.prepare(
    `UPDATE sessions SET
       -- Set once, by the first identified batch (a batch naming another person is refused before).
       user_id = coalesce(user_id, @userId),
       started_at = min(started_at, @firstTs),
       last_event_at = max(last_event_at, @lastTs),
       -- Batches can arrive out of order (retries): the first URL is that of the earliest batch.
       first_url = CASE WHEN @firstUrl IS NOT NULL AND (first_url IS NULL OR @firstTs < started_at)
                   THEN @firstUrl ELSE first_url END,
       pages = pages + @pages, clicks = clicks + @clicks,
       event_count = event_count + @eventCount, batch_count = batch_count + 1,
       stored_bytes = stored_bytes + @bytes,
       browser = coalesce(browser, @browser), os = coalesce(os, @os), device = coalesce(device, @device),
       privacy_redactions = privacy_redactions + @privacyRedactions,
       urls = @urls
     WHERE id = @sessionId`,
  );
  const insertChunk = db.prepare(
    `INSERT INTO chunks (session_id, seq, first_ts, last_ts, event_count, batch_hash, body, encoding)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const getOne = db.prepare<[number, string], SessionRow>(`SELECT ${COLUMNS} ${LIVE} AND s.id = ?`);
  const liveChunks = db.prepare<[string, number, number, number], StoredChunk>(
    `SELECT c.seq, c.body, c.encoding FROM chunks c
     WHERE c.session_id = ? AND c.seq >= ? AND EXISTS (SELECT 1 ${LIVE} AND s.id = c.session_id)
     ORDER BY c.seq LIMIT ?`,
  );

  const isErased = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM erased_sessions WHERE session_hash = ?');
  const markErased = db.prepare('INSERT OR IGNORE INTO erased_sessions (session_hash, erased_at) VALUES (?, ?)');
  const pruneErased = db.prepare('DELETE FROM erased_sessions WHERE erased_at < ?');

  const append = db.transaction((b: BatchToStore): AppendResult => {
    if (isErased.get(erasedKey(b.sessionId))) return { status: 'erased' };
    const existing = chunkHash.get(b.sessionId, b.seq);
    if (existing) return existing.batch_hash === b.batchHash ? { status: 'duplicate' } : { status: 'conflict' };
    const session = sessionProject.get(b.sessionId);
    if (session && session.project_id !== b.projectId) return { status: 'conflict' };
    // One person per session: whoever sends a batch naming someone else cannot move the session
    // (and so its erasure and export) to them. A batch without a user id is fine.
    if (session?.user_id != null && b.userId !== null && b.userId !== session.user_id) return { status: 'user_conflict' };
    const urls = joinUrls(session?.urls ?? '', b.urls);
    const row = {
      sessionId: b.sessionId,
      projectId: b.projectId,
      userId: b.userId,
      firstTs: Math.round(b.firstTs),
      lastTs: Math.round(b.lastTs),
      firstUrl: b.urls[0] ?? null,
      pages: b.pages,
      clicks: b.clicks,
      eventCount: b.eventCount,
      bytes: b.body.length,
      browser: b.browser,
      os: b.os,
      device: b.device,
      privacyRedactions: b.privacyRedactions,
      urls,
    };
    if (session) updateSession.run(row);
    else insertSession.run(row);
    insertChunk.run(b.sessionId, b.seq, row.firstTs, row.lastTs, b.eventCount, b.batchHash, b.body, b.encoding);
    return { status: 'stored' };
  });

  const deleteOne = db.prepare('DELETE FROM sessions WHERE id = ?');
  const someOfUser = db.prepare<[string, number], { id: string }>('SELECT id FROM sessions WHERE user_id = ? LIMIT ?');
  const someOfProject = db.prepare<[string, number], { id: string }>('SELECT id FROM sessions WHERE project_id = ? LIMIT ?');
  const liveOfUser = db.prepare<[number, string], { id: string }>(
    `SELECT s.id ${LIVE} AND s.user_id = ? ORDER BY s.started_at, s.id`,
  );
  const expiredIds = db.prepare<[number, number], { id: string }>(
    `SELECT s.id FROM sessions s JOIN projects p ON p.id = s.project_id
     WHERE s.started_at <= ? - p.retention_days * ${DAY_MS} LIMIT ?`,
  );
  // Chunks go by ON DELETE CASCADE; secure_delete overwrites their pages. A deletion asked for
  // (not the retention sweep) also marks the session erased, so batches still queued in a
  // browser cannot bring it back. The marker is a hash of the id: no row names the session.
  const deleteMany = db.transaction((ids: string[], erase: boolean) => {
    let n = 0;
    const now = Date.now();
    for (const id of ids) {
      n += deleteOne.run(id).changes;
      if (erase) markErased.run(erasedKey(id), now);
    }
    return n;
  });

  const appendAll = db.transaction((batches: readonly BatchToStore[]): AppendResult[] => batches.map((b) => append(b)));

  return {
    delete(id) {
      return deleteMany.immediate([id], true) > 0;
    },
    idsOfUser(userId, now) {
      return liveOfUser.all(now, userId).map((r) => r.id);
    },
    deleteByUser(userId, limit) {
      return deleteMany.immediate(someOfUser.all(userId, limit).map((r) => r.id), true);
    },
    deleteByProject(projectId, limit) {
      return deleteMany.immediate(someOfProject.all(projectId, limit).map((r) => r.id), true);
    },
    sweepExpired(now, limit) {
      return deleteMany.immediate(expiredIds.all(now, limit).map((r) => r.id), false);
    },
    appendBatch(batch) {
      // IMMEDIATE takes the write lock up front, so the duplicate check and the insert cannot race.
      return append.immediate(batch);
    },
    pruneErased(before) {
      return pruneErased.run(before).changes;
    },
    appendBatches(batches, _now, options = {}) {
      // Nested in one outer transaction: better-sqlite3 turns each inner one into a savepoint.
      if (options.wait !== false) return appendAll.immediate(batches);
      // SQLite's busy handler would block the whole event loop, sleeping in growing steps (up
      // to 100 ms) while another process writes; fail fast instead and let the caller retry.
      const timeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma('busy_timeout = 0');
      try {
        return appendAll.immediate(batches);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new StoreBusyError('the database is locked');
        throw err;
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
    },
    list(f, now) {
      const where: string[] = [];
      const args: unknown[] = [now];
      if (f.projectId) (where.push('s.project_id = ?'), args.push(f.projectId));
      if (f.userId) (where.push('s.user_id = ?'), args.push(f.userId));
      if (f.urlContains) (where.push("instr(s.urls, ?) > 0"), args.push(f.urlContains));
      if (f.minDurationMs) (where.push('s.last_event_at - s.started_at >= ?'), args.push(f.minDurationMs));
      if (f.fromMs !== undefined) (where.push('s.started_at >= ?'), args.push(f.fromMs));
      if (f.toMs !== undefined) (where.push('s.started_at < ?'), args.push(f.toMs));
      if (f.cursor) {
        where.push('(s.started_at < ? OR (s.started_at = ? AND s.id < ?))');
        args.push(f.cursor.startedAt, f.cursor.startedAt, f.cursor.id);
      }
      const sql = `SELECT ${COLUMNS} ${LIVE} ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY s.started_at DESC, s.id DESC LIMIT ?`;
      args.push(f.limit);
      return db.prepare<unknown[], SessionRow>(sql).all(...args).map(toSummary);
    },
    get(id, now) {
      const row = getOne.get(now, id);
      return row ? toSummary(row) : null;
    },
    chunks(id, now, fromSeq = 0, limit = -1) {
      return liveChunks.all(id, fromSeq, now, limit);
    },
  };
}

/** Appends newly visited URLs to the newline-separated list, skipping repeats, up to the cap. */
function joinUrls(existing: string, added: string[]): string {
  let out = existing;
  for (const url of added) {
    if (out.length + url.length + 1 > MAX_URLS_TEXT) break;
    if (!out.split('\n').includes(url)) out = out ? `${out}\n${url}` : url;
  }
  return out;
}
