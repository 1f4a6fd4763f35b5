import type { TokenRole } from '@veil/protocol';
import type { Db } from '../../db/open-database.js';
import { hashSecret, newId, newSecret } from '../../util/ids.js';
import type { TokenStore } from '../types.js';

interface TokenRow {
  id: string;
  role: TokenRole;
  label: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

/** API tokens and viewer logins in SQLite; only hashes of the secrets are stored. */
export function sqliteTokenStore(db: Db): TokenStore {
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
      return deleteExpiredLogins.run(now).changes;
    },
  };
}
