import { auditHash, auditUserRef, verifyAuditChain, type ChainRow } from '../audit-chain.js';
import type { AuditEntry, AuditFilter, AuditStore } from '../types.js';
import type { Db } from './db.js';

/**
 * The append-only, hash-chained audit log in PostgreSQL. One chain whatever the number of
 * servers: an append locks the chain's head row (audit_head) until its transaction commits, so
 * concurrent appenders chain one after another, and the next id comes from the head (no gaps).
 */
export function pgAuditStore(db: Db, pseudonymKey: string): AuditStore {
  return {
    append({ actor, action, target = null, details = {} }, now) {
      return db.atomic(async (tx) => {
        const { rows } = await tx.query<{ last_id: number; hash: string }>('SELECT last_id, hash FROM audit_head WHERE id = 1 FOR UPDATE');
        const head = rows[0]!;
        const entry = { at: now, actor, action, target, details: JSON.stringify(details) };
        const id = head.last_id + 1;
        const hash = auditHash(head.hash, entry);
        await tx.query(
          `WITH added AS (
             INSERT INTO audit_log (id, at, actor, action, target, details, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8))
           UPDATE audit_head SET last_id = $1, hash = $8 WHERE id = 1`,
          [id, entry.at, actor, action, target, entry.details, head.hash, hash],
        );
      });
    },
    async list(f: AuditFilter): Promise<AuditEntry[]> {
      const values: unknown[] = [f.beforeId ?? Number.MAX_SAFE_INTEGER];
      const where: string[] = ['id < $1'];
      const add = (sql: string, value: unknown) => (values.push(value), where.push(sql.replace('?', `$${values.length}`)));
      if (f.action !== undefined) add('action = ?', f.action);
      if (f.actor !== undefined) add('actor = ?', f.actor);
      if (f.target !== undefined) add('target = ?', f.target);
      if (f.fromMs !== undefined) add('at >= ?', f.fromMs);
      if (f.toMs !== undefined) add('at < ?', f.toMs);
      values.push(f.limit);
      const { rows } = await db.query<{ id: number; at: number; actor: string; action: string; target: string | null; details: string }>(
        `SELECT id, at, actor, action, target, details FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${values.length}`,
        values,
      );
      return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
    },
    async verify() {
      // One snapshot for the anchor, the rows and the head: a concurrent append or prune cannot
      // make a consistent log look broken.
      return db.atomic(async (tx) => {
        const anchor = (await tx.query<{ after_id: number; hash: string }>('SELECT after_id, hash FROM audit_anchor WHERE id = 1')).rows[0];
        const rows = (
          await tx.query<ChainRow>('SELECT id, at, actor, action, target, details, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id', [
            anchor?.after_id ?? 0,
          ])
        ).rows;
        const head = (await tx.query<{ last_id: number }>('SELECT last_id FROM audit_head WHERE id = 1')).rows[0]!;
        return verifyAuditChain(anchor ? { afterId: anchor.after_id, hash: anchor.hash } : null, rows, head.last_id);
      }, { snapshot: true });
    },
    prune(before) {
      return db.atomic(async (tx) => {
        // Under the head's lock: no append or other prune runs meanwhile.
        await tx.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE');
        // Only a prefix can go: up to the last entry before the first one still young.
        const { rows } = await tx.query<{ id: number; hash: string }>(
          `SELECT id, hash FROM audit_log
           WHERE id < coalesce((SELECT min(id) FROM audit_log WHERE at >= $1), 9223372036854775807)
           ORDER BY id DESC LIMIT 1`,
          [before],
        );
        const cut = rows[0];
        if (!cut) return 0;
        // The anchor first: the guard trigger lets only rows behind it go.
        await tx.query(
          `INSERT INTO audit_anchor (id, after_id, hash) VALUES (1, $1, $2)
           ON CONFLICT (id) DO UPDATE SET after_id = excluded.after_id, hash = excluded.hash`,
          [cut.id, cut.hash],
        );
        const { rowCount } = await tx.query('DELETE FROM audit_log WHERE id <= $1', [cut.id]);
        return rowCount ?? 0;
      });
    },
    userRef(userId) {
      return auditUserRef(pseudonymKey, userId);
    },
  };
}
