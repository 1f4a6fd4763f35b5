import type { Db } from '../../db/open-database.js';

/**
 * Gives up to `maxPages` free pages back to the file system (the database is created with
 * auto_vacuum = INCREMENTAL), one short write at a time. Once none are left it checkpoints and
 * truncates the write-ahead log: until then the WAL still holds the pages as they were before
 * the deletion. secure_delete has already zeroed what was deleted in the database itself.
 * Answers the free pages still left.
 */
export function reclaimSpace(db: Db, maxPages: number): number {
  const free = () => db.pragma('freelist_count', { simple: true }) as number;
  if (free() > 0) db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(maxPages))})`);
  const left = free();
  if (left === 0) db.pragma('wal_checkpoint(TRUNCATE)');
  return left;
}
