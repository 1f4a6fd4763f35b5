import type { ChunkEncoding, StoredChunk } from './chunk-format.js';
import type { Project, ProjectPatch, SessionSummary, TokenRole } from '@veil/protocol';

/** A credential that reached the API, resolved to who it is. */
export interface Principal {
  tokenId: string;
  role: TokenRole;
}

/** What ingest knows about one batch after validation and scrubbing. */
export interface BatchToStore {
  projectId: string;
  sessionId: string;
  seq: number;
  userId: string | null;
  /** Hash of the batch as received: a re-send must match it, or it is a conflict. */
  batchHash: string;
  /** The scrubbed events, compressed, in the format `encoding` names (store/chunk-format.ts). */
  body: Buffer;
  encoding: ChunkEncoding;
  eventCount: number;
  firstTs: number;
  lastTs: number;
  pages: number;
  clicks: number;
  /** Scrubbed URLs visited in this batch, in order. */
  urls: string[];
  browser: string | null;
  os: string | null;
  device: string | null;
  privacyRedactions: number;
}

/**
 * What became of a batch: `erased` when its session was deleted early (an erasure or a manual
 * deletion): its later batches are refused, never stored again. `user_conflict` when the batch
 * names another end user than the one the session was identified with (set once, by its first
 * identified batch): nothing of it is stored.
 */
export type AppendResult =
  | { status: 'stored' }
  | { status: 'duplicate' }
  | { status: 'conflict' }
  | { status: 'user_conflict' }
  | { status: 'erased' };

export interface SessionFilter {
  projectId?: string;
  userId?: string;
  urlContains?: string;
  minDurationMs?: number;
  fromMs?: number;
  toMs?: number;
  limit: number;
  cursor?: { startedAt: number; id: string };
}

export interface ProjectStore {
  create(name: string, now: number): Project;
  get(id: string): Project | null;
  /**
   * The project of an ingest key: its current key, or the key before the last rotation while its
   * grace period lasts (`now` defaults to the clock).
   */
  getByKey(key: string, now?: number): Project | null;
  list(): Project[];
  update(id: string, patch: ProjectPatch): Project | null;
  /**
   * Gives the project a new ingest key; the old one keeps working until `now + graceMs` (not at
   * all when 0). A key rotated out earlier stops at once. Answers null for an unknown project.
   */
  rotateKey(id: string, now: number, graceMs: number): { key: string; previousKeyValidUntil: number | null } | null;
}

export interface TokenStore {
  create(input: { role: TokenRole; label?: string | null; expiresAt?: number | null }, now: number): {
    id: string;
    role: TokenRole;
    token: string;
  };
  /** The principal for a bearer token, or null when unknown, revoked or expired. */
  verify(token: string, now: number): Principal | null;
  revoke(id: string, now: number): boolean;
  list(): Array<{ id: string; role: TokenRole; label: string | null; createdAt: number; expiresAt: number | null; revokedAt: number | null }>;
  count(): number;
  /** Starts a viewer login; answers the cookie value (stored only hashed). */
  createLogin(tokenId: string, now: number, ttlMs: number): string;
  verifyLogin(cookie: string, now: number): Principal | null;
  deleteLogin(cookie: string): void;
  /** Forgets logins that have expired; answers how many. */
  pruneLogins(now: number): number;
}

export interface SessionStore {
  /** Stores one batch and updates the session's metadata in one transaction. */
  appendBatch(batch: BatchToStore, now: number): AppendResult;
  /**
   * Stores several batches in one transaction (one commit, one fsync) and answers each one's
   * result in order. A batch that conflicts or duplicates does not affect the others. With
   * `wait: false` it throws StoreBusyError at once when another process holds the write lock,
   * instead of blocking the caller until the lock frees (so the caller can retry on a timer).
   */
  appendBatches(batches: readonly BatchToStore[], now: number, options?: { wait?: boolean }): AppendResult[];
  /** Forgets erased-session markers older than `before` (a recorder stops retrying long before). */
  pruneErased(before: number): number;
  list(filter: SessionFilter, now: number): SessionSummary[];
  get(id: string, now: number): SessionSummary | null;
  /** The compressed chunks of a live (unexpired) session, in seq order. */
  chunks(id: string, now: number, fromSeq?: number, limit?: number): StoredChunk[];
  /** The ids of one end user's sessions, live or not, oldest first (for exports). */
  idsOfUser(userId: string, now: number): string[];
  /** Deletes one session and everything of it; answers whether it existed. */
  delete(id: string): boolean;
  // The bulk deletions: each deletes up to `limit` sessions in one short transaction and answers
  // how many; callers repeat until fewer than `limit` come back (see deleteInBatches), so ingest
  // is never blocked for long.
  /** Sessions of one end user, expired or not (an erasure request). */
  deleteByUser(userId: string, limit: number): number;
  /** Sessions of one project, expired or not. */
  deleteByProject(projectId: string, limit: number): number;
  /** Sessions whose retention has passed at `now`. */
  sweepExpired(now: number, limit: number): number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  /** Inclusive, epoch ms. */
  fromMs?: number;
  /** Exclusive, epoch ms. */
  toMs?: number;
  /** Only entries with a smaller id (the keyset cursor: newest first). */
  beforeId?: number;
  limit: number;
}

export type AuditVerification = { ok: true; entries: number; headHash: string } | { ok: false; brokenAt: number };

export interface AuditStore {
  append(entry: { actor: string; action: string; target?: string | null; details?: Record<string, unknown> }, now: number): void;
  /** Newest first. */
  list(filter: AuditFilter): AuditEntry[];
  /**
   * Walks the hash chain from the anchor (or the start) to the newest entry. `brokenAt` is the id
   * of the first entry that was edited or removed.
   */
  verify(): AuditVerification;
  /**
   * Removes entries older than `before` (epoch ms), keeping the hash of the last one removed as
   * the chain's new anchor; answers how many went.
   */
  prune(before: number): number;
  /**
   * How end-user ids appear in the audit log: a keyed hash, so that an erasure request leaves no
   * user id behind, while the same id always maps to the same reference for filtering.
   */
  userRef(userId: string): string;
}

/** The parts of the store a transaction writes through (see Store.transaction). */
export interface StoreTx {
  projects: ProjectStore;
  tokens: TokenStore;
  sessions: SessionStore;
  audit: AuditStore;
}

/** Everything the server persists, behind one interface so another database can implement it. */
export interface Store extends StoreTx {
  /**
   * Runs `fn` in one transaction: what it writes through `tx` commits together, or none of it
   * does (a throw rolls everything back). This is how a change and its audit entry commit
   * together (apps/server/src/services). Inside `fn`, read and write only through `tx`: a store
   * with a connection pool hands over parts bound to the transaction's own connection. `fn` must
   * not await: SQLite transactions are synchronous (when the interface turns asynchronous this
   * becomes `transaction<T>(fn: (tx) => Promise<T>): Promise<T>`, and only the services change).
   * Transactions may nest; an inner one commits with the outer one.
   */
  transaction<T>(fn: (tx: StoreTx) => T): T;
  /**
   * Gives space freed by deletions back to the file system, at most `maxPages` pages per call
   * (one short write each); when nothing is left it also empties the write-ahead log, so deleted
   * content is gone from the disk, not only from the tables. Answers the free pages still left.
   */
  reclaimSpace(maxPages: number): number;
  /** Figures for metrics: sessions and compressed recording bytes stored, the database's files. */
  stats(): { sessions: number; bytes: number; files: string[] };
  /** Readiness: whether a write transaction can start, and the schema version against the code's. */
  health(): { writable: boolean; schemaVersion: number; latestSchemaVersion: number; dataDir: string };
  /** A consistent online copy of the whole database into a new file (ingest may go on meanwhile). */
  backup(outFile: string): Promise<{ bytes: number; pages: number }>;
  close(): void;
}

/** The database is locked by another process (the CLI, a backup) right now; try again shortly. */
export class StoreBusyError extends Error {}
