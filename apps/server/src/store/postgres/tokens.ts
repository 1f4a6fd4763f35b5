import type { TokenRole } from '@veil/protocol';
import { hashSecret, newId, newSecret } from '../../util/ids.js';
import type { LoginFailureWindow, Principal, TokenStore } from '../types.js';
import type { Db } from './db.js';

/** Login-failure windows older than this are forgotten by pruneLogins (longer than any window used). */
const LOGIN_FAILURES_KEPT_MS = 3_600_000;

interface TokenRow {
  id: string;
  role: TokenRole;
  label: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const live = (row: TokenRow | undefined, now: number): Principal | null =>
  row && row.revoked_at === null && (row.expires_at === null || row.expires_at > now) ? { tokenId: row.id, role: row.role } : null;

const toWindow = (row: { count: number; window_start: number }): LoginFailureWindow => ({ count: row.count, windowStart: row.window_start });

/** API tokens, viewer logins and login failures in PostgreSQL; only hashes of the secrets are stored. */
export function pgTokenStore(db: Db): TokenStore {
  return {
    async create({ role, label = null, expiresAt = null }, now) {
      const id = newId('tok', 9);
      const token = newSecret(role === 'admin' ? 'vat' : 'vvt');
      await db.query('INSERT INTO tokens (id, role, label, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        role,
        label,
        hashSecret(token),
        now,
        expiresAt,
      ]);
      return { id, role, token };
    },
    async verify(token, now) {
      const { rows } = await db.query<TokenRow>('SELECT * FROM tokens WHERE token_hash = $1', [hashSecret(token)]);
      return live(rows[0], now);
    },
    revoke(id, now) {
      return db.atomic(async (tx) => {
        await tx.query('DELETE FROM login_sessions WHERE token_id = $1', [id]);
        const { rowCount } = await tx.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, id]);
        return (rowCount ?? 0) > 0;
      });
    },
    async list() {
      const { rows } = await db.query<TokenRow>('SELECT id, role, label, created_at, expires_at, revoked_at FROM tokens ORDER BY created_at, id');
      return rows.map((r) => ({ id: r.id, role: r.role, label: r.label, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at }));
    },
    async count() {
      const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM tokens');
      return rows[0]!.n;
    },
    async createLogin(tokenId, now, ttlMs) {
      const cookie = newSecret('vls');
      await db.query('INSERT INTO login_sessions (id_hash, token_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        hashSecret(cookie),
        tokenId,
        now,
        now + ttlMs,
      ]);
      return cookie;
    },
    async verifyLogin(cookie, now) {
      const { rows } = await db.query<TokenRow>(
        `SELECT t.* FROM login_sessions l JOIN tokens t ON t.id = l.token_id
         WHERE l.id_hash = $1 AND l.expires_at > $2`,
        [hashSecret(cookie), now],
      );
      return live(rows[0], now);
    },
    async deleteLogin(cookie) {
      await db.query('DELETE FROM login_sessions WHERE id_hash = $1', [hashSecret(cookie)]);
    },
    async pruneLogins(now) {
      await db.query('DELETE FROM login_failures WHERE window_start < $1', [now - LOGIN_FAILURES_KEPT_MS]);
      const { rowCount } = await db.query('DELETE FROM login_sessions WHERE expires_at <= $1', [now]);
      return rowCount ?? 0;
    },
    async recordLoginFailure(bucket, now, windowMs) {
      // One statement: concurrent failures from several servers each count (the row lock of the
      // upsert orders them), and the window restarts once it has passed.
      const { rows } = await db.query<{ count: number; window_start: number }>(
        `INSERT INTO login_failures AS f (bucket, window_start, count) VALUES ($1, $2::bigint, 1)
         ON CONFLICT (bucket) DO UPDATE SET
           count = CASE WHEN f.window_start > $2::bigint - $3::bigint THEN f.count + 1 ELSE 1 END,
           window_start = CASE WHEN f.window_start > $2::bigint - $3::bigint THEN f.window_start ELSE $2::bigint END
         RETURNING count, window_start`,
        [bucket, now, windowMs],
      );
      return toWindow(rows[0]!);
    },
    async loginFailures(bucket, now, windowMs) {
      const { rows } = await db.query<{ count: number; window_start: number }>(
        'SELECT count, window_start FROM login_failures WHERE bucket = $1 AND window_start > $2',
        [bucket, now - windowMs],
      );
      return rows[0] ? toWindow(rows[0]) : null;
    },
  };
}
