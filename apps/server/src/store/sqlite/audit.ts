import type { Db } from '../../db/open-database.js';
import { auditHash, auditUserRef, GENESIS, verifyAuditChain, type ChainRow } from '../audit-chain.js';
import type { AuditEntry, AuditFilter, AuditStore, AuditVerification } from '../types.js';
import type { Sync } from './sync.js';

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string;
}

/** The append-only, hash-chained audit log in SQLite. */
export function sqliteAuditStore(db: Db): Sync<AuditStore> {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const anchor = db.prepare<[], { after_id: number; hash: string }>('SELECT after_id, hash FROM audit_anchor WHERE id = 1');
  const setAnchor = db.prepare(
    `INSERT INTO audit_anchor (id, after_id, hash) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET after_id = excluded.after_id, hash = excluded.hash`,
  );
  // Only a prefix of the chain can go: the last entry before the first one that is still young
  // (clocks of the CLI and the server may disagree a little, so times are not strictly ordered).
  const lastBefore = db.prepare<[number], { id: number; hash: string }>(
    `SELECT id, hash FROM audit_log
     WHERE id < coalesce((SELECT min(id) FROM audit_log WHERE at >= ?), 9223372036854775807)
     ORDER BY id DESC LIMIT 1`,
  );
  const deleteUpTo = db.prepare('DELETE FROM audit_log WHERE id <= ?');
  const chain = db.prepare<[number], ChainRow>(
    'SELECT id, at, actor, action, target, details, prev_hash, hash FROM audit_log WHERE id > ? ORDER BY id',
  );
  // AUTOINCREMENT keeps the highest id ever handed out here, so removing the newest entries shows too.
  const highestId = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
  const pseudonymKey = db
    .prepare<[], { value: string }>("SELECT value FROM server_secrets WHERE name = 'audit_pseudonym_key'")
    .get()!.value;

  const append = db.transaction((entry: Omit<AuditRow, 'id'>) => {
    const prevHash = last.get()?.hash ?? anchor.get()?.hash ?? GENESIS;
    insert.run(entry.at, entry.actor, entry.action, entry.target, entry.details, prevHash, auditHash(prevHash, entry));
  });
  // The anchor is written before the rows go: the delete trigger allows only rows behind it.
  const prune = db.transaction((before: number): number => {
    const cut = lastBefore.get(before);
    if (!cut) return 0;
    setAnchor.run(cut.id, cut.hash);
    return deleteUpTo.run(cut.id).changes;
  });

  return {
    append({ actor, action, target = null, details = {} }, now) {
      append.immediate({ at: now, actor, action, target, details: JSON.stringify(details) });
    },
    list(f: AuditFilter): AuditEntry[] {
      const where: string[] = ['id < ?'];
      const args: unknown[] = [f.beforeId ?? Number.MAX_SAFE_INTEGER];
      if (f.action !== undefined) (where.push('action = ?'), args.push(f.action));
      if (f.actor !== undefined) (where.push('actor = ?'), args.push(f.actor));
      if (f.target !== undefined) (where.push('target = ?'), args.push(f.target));
      if (f.fromMs !== undefined) (where.push('at >= ?'), args.push(f.fromMs));
      if (f.toMs !== undefined) (where.push('at < ?'), args.push(f.toMs));
      args.push(f.limit);
      const sql = `SELECT id, at, actor, action, target, details FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`;
      return db
        .prepare<unknown[], AuditRow>(sql)
        .all(...args)
        .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
    },
    verify(): AuditVerification {
      // One read transaction: a concurrent append cannot make a consistent log look broken.
      return db.transaction((): AuditVerification => {
        const start = anchor.get();
        const from = start ? { afterId: start.after_id, hash: start.hash } : null;
        // Asked after the walk: the connection cannot run another statement while rows stream.
        return verifyAuditChain(from, chain.iterate(from?.afterId ?? 0), () => highestId.get()?.seq ?? 0);
      })();
    },
    prune(before) {
      return prune.immediate(before);
    },
    userRef(userId) {
      return auditUserRef(pseudonymKey, userId);
    },
  };
}
