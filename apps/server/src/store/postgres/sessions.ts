import type { StoredChunk } from '../chunk-format.js';
import { erasedSessionHash } from '../erasure-hash.js';
import type { AppendResult, BatchToStore, SessionFilter, SessionStore } from '../types.js';
import type { Db } from './db.js';
import { LOCK_SESSIONS_SQL } from './locks.js';
import { MAX_URLS_TEXT, toSummary, type SessionRow } from '../session-row.js';

const DAY_MS = 86_400_000;

/** Every read keeps only sessions younger than their project's retention ($1 is now), swept or not. */
const LIVE = `FROM sessions s JOIN projects p ON p.id = s.project_id
  WHERE s.started_at > $1::bigint - p.retention_days * ${DAY_MS}::bigint`;
const COLUMNS = `s.id, s.project_id, s.user_id, s.started_at, s.last_event_at, s.first_url, s.pages, s.clicks,
  s.event_count, s.batch_count, s.stored_bytes, s.browser, s.os, s.device, s.privacy_redactions, p.retention_days`;

/**
 * Sessions and their chunks in PostgreSQL, shared by every server. Appends and deletions of one
 * session are serialized by a per-session advisory lock (LOCK_SESSIONS_SQL), taken before
 * anything is read: the erased check, the dedup of (session_id, seq) — a re-send to another
 * server answers `duplicate` — and the user check are then exact, and nothing is written for a
 * batch that is not stored. The primary key on (session_id, seq) stays the last word.
 */
export function pgSessionStore(db: Db): SessionStore {
  const appendLocked = async (tx: Db, b: BatchToStore): Promise<AppendResult> => {
    const { rows } = await tx.query<{ erased: boolean; existing_hash: string | null; project_id: string | null; user_id: string | null; urls: string | null }>(
      `SELECT EXISTS (SELECT 1 FROM erased_sessions WHERE session_hash = $3) AS erased,
              (SELECT batch_hash FROM chunks WHERE session_id = $1 AND seq = $2) AS existing_hash,
              s.project_id, s.user_id, s.urls
       FROM (SELECT 1) AS one LEFT JOIN sessions s ON s.id = $1`,
      [b.sessionId, b.seq, erasedSessionHash(b.sessionId)],
    );
    const found = rows[0]!;
    if (found.erased) return { status: 'erased' };
    if (found.existing_hash !== null) return found.existing_hash === b.batchHash ? { status: 'duplicate' } : { status: 'conflict' };
    const exists = found.project_id !== null;
    if (exists && found.project_id !== b.projectId) return { status: 'conflict' };
    // One person per session: a batch naming someone else cannot move the session to them.
    if (found.user_id !== null && b.userId !== null && b.userId !== found.user_id) return { status: 'user_conflict' };
    const firstTs = Math.round(b.firstTs);
    const lastTs = Math.round(b.lastTs);
    const session = [
      b.sessionId, b.projectId, b.userId, firstTs, lastTs, b.urls[0] ?? null, b.pages, b.clicks, b.eventCount,
      b.body.length, b.browser, b.os, b.device, b.privacyRedactions, joinUrls(found.urls ?? '', b.urls),
    ];
    const chunk = [b.seq, b.batchHash, b.body, b.encoding];
    const writeSession = exists
      ? `UPDATE sessions SET
           user_id = coalesce(user_id, $3),
           started_at = least(started_at, $4),
           last_event_at = greatest(last_event_at, $5),
           -- Batches can arrive out of order (retries): the first URL is that of the earliest batch.
           first_url = CASE WHEN $6::text IS NOT NULL AND (first_url IS NULL OR $4 < started_at) THEN $6 ELSE first_url END,
           pages = pages + $7, clicks = clicks + $8, event_count = event_count + $9, batch_count = batch_count + 1,
           stored_bytes = stored_bytes + $10,
           browser = coalesce(browser, $11), os = coalesce(os, $12), device = coalesce(device, $13),
           privacy_redactions = privacy_redactions + $14, urls = $15
         WHERE id = $1 AND project_id = $2`
      : `INSERT INTO sessions (id, project_id, user_id, started_at, last_event_at, first_url, pages, clicks,
           event_count, batch_count, stored_bytes, browser, os, device, privacy_redactions, urls)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12, $13, $14, $15)`;
    // The chunk after the session row (its foreign key), in the same statement: one round trip.
    const { rowCount } = await tx.query(
      `WITH written AS (${writeSession} RETURNING 1)
       INSERT INTO chunks (session_id, seq, first_ts, last_ts, event_count, batch_hash, body, encoding)
       SELECT $1, $16::integer, $4, $5, $9, $17::text, $18::bytea, $19::smallint FROM written`,
      [...session, ...chunk],
    );
    // Never acknowledge what was not written (the session row vanished under us: cannot happen
    // while every deleter takes the session's lock, but an ack must not rest on that alone).
    if (rowCount !== 1) throw new Error('the session changed while its batch was being stored');
    return { status: 'stored' };
  };

  /** Deletes sessions (whose locks the caller holds); marks them erased when asked; answers how many went. */
  const deleteLocked = async (tx: Db, ids: string[], erase: boolean, now: number): Promise<number> => {
    if (ids.length === 0) return 0;
    const { rowCount } = await tx.query('DELETE FROM sessions WHERE id = ANY($1::text[])', [ids]);
    if (erase) {
      await tx.query(
        `INSERT INTO erased_sessions (session_hash, erased_at) SELECT h, $2 FROM unnest($1::text[]) AS h
         ON CONFLICT (session_hash) DO NOTHING`,
        [ids.map(erasedSessionHash), now],
      );
    }
    return rowCount ?? 0;
  };

  /** Deletions asked for (not the sweep): wait for each session's lock, so a batch in flight finishes first. */
  const deleteAsked = (pick: (tx: Db) => Promise<string[]>) =>
    db.atomic(async (tx) => {
      const ids = await pick(tx);
      if (ids.length === 0) return 0;
      await tx.query(LOCK_SESSIONS_SQL, [ids]);
      return deleteLocked(tx, ids, true, Date.now());
    });

  const ids = async (tx: Db, sql: string, values: unknown[]) => (await tx.query<{ id: string }>(sql, values)).rows.map((r) => r.id);

  return {
    appendBatch(batch) {
      return db.atomic(async (tx) => {
        await tx.query(LOCK_SESSIONS_SQL, [[batch.sessionId]]);
        return appendLocked(tx, batch);
      });
    },
    appendBatches(batches) {
      // One transaction, one commit for the group; every session's lock up front, in one order.
      if (batches.length === 0) return Promise.resolve([]);
      return db.atomic(async (tx) => {
        await tx.query(LOCK_SESSIONS_SQL, [batches.map((b) => b.sessionId)]);
        const results: AppendResult[] = [];
        for (const b of batches) results.push(await appendLocked(tx, b));
        return results;
      });
    },
    async pruneErased(before) {
      const { rowCount } = await db.query('DELETE FROM erased_sessions WHERE erased_at < $1', [before]);
      return rowCount ?? 0;
    },
    async list(f, now) {
      const values: unknown[] = [now];
      const where: string[] = [];
      const add = (sql: string, ...vs: unknown[]) => {
        let out = sql;
        for (const v of vs) (values.push(v), (out = out.replace('?', `$${values.length}`)));
        where.push(out);
      };
      if (f.projectId) add('s.project_id = ?', f.projectId);
      if (f.userId) add('s.user_id = ?', f.userId);
      if (f.urlContains) add('strpos(s.urls, ?) > 0', f.urlContains);
      if (f.minDurationMs) add('s.last_event_at - s.started_at >= ?::bigint', f.minDurationMs);
      if (f.fromMs !== undefined) add('s.started_at >= ?::bigint', f.fromMs);
      if (f.toMs !== undefined) add('s.started_at < ?::bigint', f.toMs);
      if (f.cursor) add('(s.started_at, s.id) < (?::bigint, ?::text)', f.cursor.startedAt, f.cursor.id);
      values.push(f.limit);
      const { rows } = await db.query<SessionRow>(
        `SELECT ${COLUMNS} ${LIVE} ${where.map((w) => `AND ${w}`).join(' ')}
         ORDER BY s.started_at DESC, s.id DESC LIMIT $${values.length}`,
        values,
      );
      return rows.map(toSummary);
    },
    async get(id, now) {
      const { rows } = await db.query<SessionRow>(`SELECT ${COLUMNS} ${LIVE} AND s.id = $2`, [now, id]);
      return rows[0] ? toSummary(rows[0]) : null;
    },
    async chunks(id, now, fromSeq = 0, limit) {
      const { rows } = await db.query<StoredChunk>(
        `SELECT c.seq, c.body, c.encoding FROM chunks c
         WHERE c.session_id = $2 AND c.seq >= $3 AND EXISTS (SELECT 1 ${LIVE} AND s.id = c.session_id)
         ORDER BY c.seq LIMIT $4`,
        [now, id, fromSeq, limit === undefined || limit < 0 ? null : limit],
      );
      return rows;
    },
    idsOfUser(userId, now) {
      return ids(db, `SELECT s.id ${LIVE} AND s.user_id = $2 ORDER BY s.started_at, s.id`, [now, userId]);
    },
    async delete(id) {
      return (await deleteAsked(async () => [id])) > 0;
    },
    deleteByUser(userId, limit) {
      return deleteAsked((tx) => ids(tx, 'SELECT id FROM sessions WHERE user_id = $1 LIMIT $2', [userId, limit]));
    },
    deleteByProject(projectId, limit) {
      return deleteAsked((tx) => ids(tx, 'SELECT id FROM sessions WHERE project_id = $1 LIMIT $2', [projectId, limit]));
    },
    sweepExpired(now, limit) {
      // Several servers (and the CLI) may sweep at once: each takes rows no other sweeper holds
      // (SKIP LOCKED) and only sessions no batch is being appended to right now (a try-lock never
      // waits, so a sweeper cannot deadlock with an appender); what it skips, the next sweep
      // takes. The count is what this DELETE removed: never counted twice.
      return db.atomic(async (tx) => {
        const picked = await ids(
          tx,
          `SELECT s.id FROM sessions s JOIN projects p ON p.id = s.project_id
           WHERE s.started_at <= $1::bigint - p.retention_days * ${DAY_MS}::bigint
           LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
          [now, limit],
        );
        if (picked.length === 0) return 0;
        const locked = await ids(tx, 'SELECT id FROM unnest($1::text[]) AS id WHERE pg_try_advisory_xact_lock(hashtextextended(id, 0))', [picked]);
        return deleteLocked(tx, locked, false, now);
      });
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
