import type { TokenRole } from '@veil/protocol';
import type { Db } from '../../db/open-database.js';
import { hashSecret, newId, newSecret } from '../../util/ids.js';
import type { LoginFailureWindow, TokenStore } from '../types.js';
import type { Sync } from './sync.js';

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

/** API tokens and viewer logins in SQLite; only hashes of the secrets are stored. */
export function sqliteTokenStore(db: Db): Sync<TokenStore> {
  const insert = db.prepare(
    'INSERT INTO tokens (id, role, label, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token_hash = ?');
  const revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const dropLogins = db.prepare('DELETE FROM login_sessions WHERE token_id = ?');
  const all = db.prepare<[], TokenRow>('SELECT id, role, label, created_at, expires_at, revoked_at FROM tokens ORDER BY created_at');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tokens');
  const insertLogin = db.prepare('INSERT INTO login_sessions (id_hash, token_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const loginByHash = db.prepare<[string, number], TokenRow>(
    `SELECT t.* FROM login_sessions l JOIN tokens t ON t.id = l.token_id
     WHERE l.id_hash = ? AND l.expires_at > ?`,
  );
  const deleteLogin = db.prepare('DELETE FROM login_sessions WHERE id_hash = ?');
  const deleteExpiredLogins = db.prepare('DELETE FROM login_sessions WHERE expires_at <= ?');
  // One statement: the window restarts once it has passed, else the failure counts in it.
  const countFailure = db.prepare<[{ bucket: string; now: number; windowMs: number }], { count: number; window_start: number }>(
    `INSERT INTO login_failures AS f (bucket, window_start, count) VALUES (@bucket, @now, 1)
     ON CONFLICT (bucket) DO UPDATE SET
       count = CASE WHEN f.window_start > @now - @windowMs THEN f.count + 1 ELSE 1 END,
       window_start = CASE WHEN f.window_start > @now - @windowMs THEN f.window_start ELSE @now END
     RETURNING count, window_start`,
  );
  const currentFailures = db.prepare<[string, number], { count: number; window_start: number }>(
    'SELECT count, window_start FROM login_failures WHERE bucket = ? AND window_start > ?',
  );
  const deleteOldFailures = db.prepare('DELETE FROM login_failures WHERE window_start <= ?');
  const toWindow = (row: { count: number; window_start: number }): LoginFailureWindow => ({ count: row.count, windowStart: row.window_start });

  const live = (row: TokenRow | undefined, now: number) =>
    row && row.revoked_at === null && (row.expires_at === null || row.expires_at > now)
      ? { tokenId: row.id, role: row.role }
      : null;

  return {
    create({ role, label = null, expiresAt = null }, now) {
      const id = newId('tok', 9);
      const token = newSecret(role === 'admin' ? 'vat' : 'vvt');
      insert.run(id, role, label, hashSecret(token), now, expiresAt);
      return { id, role, token };
    },
    verify(token, now) {
      return live(byHash.get(hashSecret(token)), now);
    },
    revoke(id, now) {
      return db.transaction(() => {
        dropLogins.run(id);
        return revoke.run(now, id).changes > 0;
      })();
    },
    list() {
      return all.all().map((r) => ({
        id: r.id,
        role: r.role,
        label: r.label,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
      }));
    },
    count() {
      return count.get()!.n;
    },
    createLogin(tokenId, now, ttlMs) {
      const cookie = newSecret('vls');
      insertLogin.run(hashSecret(cookie), tokenId, now, now + ttlMs);
      return cookie;
    },
    verifyLogin(cookie, now) {
      return live(loginByHash.get(hashSecret(cookie), now), now);
    },
    deleteLogin(cookie) {
      deleteLogin.run(hashSecret(cookie));
    },
    pruneLogins(now) {
      deleteOldFailures.run(now - LOGIN_FAILURES_KEPT_MS);
      return deleteExpiredLogins.run(now).changes;
    },
    recordLoginFailure(bucket, now, windowMs) {
      return toWindow(countFailure.get({ bucket, now, windowMs })!);
    },
    loginFailures(bucket, now, windowMs) {
      const row = currentFailures.get(bucket, now - windowMs);
      return row ? toWindow(row) : null;
    },
  };
}
