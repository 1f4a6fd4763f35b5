import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database.js';
import type { AuditEntry, AuditStore } from '../types.js';

const GENESIS = '0'.repeat(64);

/** Hash of one entry chained to the one before it, so an edit or removal breaks the chain. */
export function auditHash(prevHash: string, e: { at: number; actor: string; action: string; target: string | null; details: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, e.at, e.actor, e.action, e.target, e.details]))
    .digest('hex');
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string;
}

/** The append-only, hash-chained audit log in SQLite. */
export function sqliteAuditStore(db: Db): AuditStore {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const page = db.prepare<[number, number], AuditRow>(
    'SELECT id, at, actor, action, target, details FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
  );
  const append = db.transaction((entry: Omit<AuditRow, 'id'>) => {
    const prevHash = last.get()?.hash ?? GENESIS;
    insert.run(entry.at, entry.actor, entry.action, entry.target, entry.details, prevHash, auditHash(prevHash, entry));
  });

  return {
    append({ actor, action, target = null, details = {} }, now) {
      append.immediate({ at: now, actor, action, target, details: JSON.stringify(details) });
    },
    list(limit, beforeId = Number.MAX_SAFE_INTEGER): AuditEntry[] {
      return page.all(beforeId, limit).map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
    },
  };
}
