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
  create(name: string, now: number): Promise<Project>;
  get(id: string): Promise<Project | null>;
  /**
   * The project of an ingest key: its current key, or the key before the last rotation while its
   * grace period lasts (`now` defaults to the clock).
   */
  getByKey(key: string, now?: number): Promise<Project | null>;
  list(): Promise<Project[]>;
  update(id: string, patch: ProjectPatch): Promise<Project | null>;
  /**
   * Gives the project a new ingest key; the old one keeps working until `now + graceMs` (not at
   * all when 0). A key rotated out earlier stops at once. Answers null for an unknown project.
   */
  rotateKey(id: string, now: number, graceMs: number): Promise<{ key: string; previousKeyValidUntil: number | null } | null>;
}

export interface TokenListEntry {
  id: string;
  role: TokenRole;
  label: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface TokenStore {
  create(input: { role: TokenRole; label?: string | null; expiresAt?: number | null }, now: number): Promise<{
    id: string;
    role: TokenRole;
    token: string;
  }>;
  /** The principal for a bearer token, or null when unknown, revoked or expired. */
  verify(token: string, now: number): Promise<Principal | null>;
  /** Revokes a token and ends its viewer logins; false when unknown or revoked already. */
  revoke(id: string, now: number): Promise<boolean>;
  list(): Promise<TokenListEntry[]>;
  count(): Promise<number>;
  /** Starts a viewer login; answers the cookie value (stored only hashed). */
  createLogin(tokenId: string, now: number, ttlMs: number): Promise<string>;
  verifyLogin(cookie: string, now: number): Promise<Principal | null>;
  deleteLogin(cookie: string): Promise<void>;
  /** Forgets logins that have expired, and login-failure windows that started before `now - 1 h`; answers how many logins. */
  pruneLogins(now: number): Promise<number>;
  /**
   * Counts one failed login from `bucket` (a client address or network, auth/login-throttle.ts)
   * in fixed windows of `windowMs`: a failure after the bucket's window has passed starts a new
   * one. Kept in the store so every server behind a load balancer shares one count; answers the
   * bucket's window after counting.
   */
  recordLoginFailure(bucket: string, now: number, windowMs: number): Promise<LoginFailureWindow>;
  /** The bucket's current window of failures, or null when none started within `windowMs` of `now`. */
  loginFailures(bucket: string, now: number, windowMs: number): Promise<LoginFailureWindow | null>;
}

/** Failed logins of one client bucket in one fixed window. */
export interface LoginFailureWindow {
  count: number;
  windowStart: number;
}

export interface SessionStore {
  /** Stores one batch and updates the session's metadata in one transaction. */
  appendBatch(batch: BatchToStore, now: number): Promise<AppendResult>;
  /**
   * Stores several batches in one transaction (one commit) and answers each one's result in
   * order. A batch that conflicts or duplicates does not affect the others. With `wait: false`
   * it rejects with StoreBusyError at once when the store cannot take the write now (SQLite:
   * another process holds the write lock), instead of waiting until it can, so the caller can
   * retry on a timer. A store that never meets such a lock may ignore `wait`.
   */
  appendBatches(batches: readonly BatchToStore[], now: number, options?: { wait?: boolean }): Promise<AppendResult[]>;
  /** Forgets erased-session markers older than `before` (a recorder stops retrying long before). */
  pruneErased(before: number): Promise<number>;
  list(filter: SessionFilter, now: number): Promise<SessionSummary[]>;
  get(id: string, now: number): Promise<SessionSummary | null>;
  /** The compressed chunks of a live (unexpired) session, in seq order. */
  chunks(id: string, now: number, fromSeq?: number, limit?: number): Promise<StoredChunk[]>;
  /** The ids of one end user's sessions, live or not, oldest first (for exports). */
  idsOfUser(userId: string, now: number): Promise<string[]>;
  /**
   * Deletes one session and everything of it, and marks it erased (erasure-hash.ts) so late
   * batches cannot bring it back; answers whether it existed.
   */
  delete(id: string): Promise<boolean>;
  // The bulk deletions: each deletes up to `limit` sessions in one short transaction and answers
  // how many; callers repeat until fewer than `limit` come back (see deleteInBatches), so ingest
  // is never blocked for long. deleteByUser and deleteByProject mark what they delete erased.
  /** Sessions of one end user, expired or not (an erasure request). */
  deleteByUser(userId: string, limit: number): Promise<number>;
  /** Sessions of one project, expired or not. */
  deleteByProject(projectId: string, limit: number): Promise<number>;
  /** Sessions whose retention has passed at `now` (not marked erased: nothing was asked). */
  sweepExpired(now: number, limit: number): Promise<number>;
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
  /**
   * Appends one entry chained to the newest (audit-chain.ts hashes it). Concurrent appenders,
   * even from several processes, must be serialized by the database so the chain never forks.
   */
  append(entry: { actor: string; action: string; target?: string | null; details?: Record<string, unknown> }, now: number): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /**
   * Walks the hash chain from the anchor (or the start) to the newest entry (audit-chain.ts
   * verifyAuditChain). `brokenAt` is the id of the first entry that was edited or removed.
   */
  verify(): Promise<AuditVerification>;
  /**
   * Removes entries older than `before` (epoch ms), keeping the hash of the last one removed as
   * the chain's new anchor; answers how many went.
   */
  prune(before: number): Promise<number>;
  /**
   * How end-user ids appear in the audit log: a keyed hash (audit-chain.ts auditUserRef), so
   * that an erasure request leaves no user id behind, while the same id always maps to the same
   * reference for filtering. Synchronous on purpose: the key is loaded when the store opens.
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

/** Readiness figures (GET /readyz). */
export interface StoreHealth {
  /** Whether a write transaction can start now. */
  writable: boolean;
  schemaVersion: number;
  latestSchemaVersion: number;
  /**
   * A directory on the disk the database writes to, whose free space /readyz checks; null when
   * the database is not on this machine (PostgreSQL): then there is no disk check.
   */
  diskPath: string | null;
}

/** Figures for metrics. */
export interface StoreStats {
  /** Sessions stored, expired ones the sweeper has not reached included. */
  sessions: number;
  /** Compressed recording bytes stored. */
  bytes: number;
  /** Size of the whole database on disk (SQLite: main file and WAL; PostgreSQL: pg_database_size). */
  databaseBytes: number;
}

/**
 * Everything the server persists, behind one asynchronous interface with two implementations:
 * SQLite (sqlite-store.ts) and PostgreSQL (postgres/). Every method answers a Promise (except
 * `audit.userRef`, a pure function); a store error rejects it.
 */
export interface Store extends StoreTx {
  /**
   * Runs `fn` in one transaction: what it writes through `tx` commits together, or none of it
   * does (a throw or rejection rolls everything back). This is how a change and its audit entry
   * commit together (apps/server/src/services). Inside `fn`, read and write only through `tx`
   * (a pooled store binds `tx` to the transaction's own connection; the store's own parts would
   * run outside it, or wait for it forever), and do not start another transaction: they do not
   * nest. Keep `fn` short and await only the store: the transaction holds the write lock.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Gives space freed by deletions back, at most `maxPages` pages per call (one short step each),
   * so deleted content is gone from the disk, not only from the tables (SQLite: incremental
   * vacuum, then the write-ahead log is emptied). Answers what is still left to give back; a
   * store with nothing to do here (PostgreSQL: autovacuum) answers 0.
   */
  reclaimSpace(maxPages: number): Promise<number>;
  /** Figures for metrics. */
  stats(): Promise<StoreStats>;
  /** Readiness: whether a write can start, the schema version against the code's. */
  health(): Promise<StoreHealth>;
  /**
   * A consistent online copy of the whole database into a new file (ingest may go on meanwhile).
   * A store that cannot (PostgreSQL) rejects with an Error whose message says what to use
   * instead (pg_dump).
   */
  backup(outFile: string): Promise<{ bytes: number; pages: number }>;
  close(): Promise<void>;
}

/**
 * The store cannot take the write right now (SQLite: another process, the CLI or a backup, holds
 * the write lock); try again shortly.
 */
export class StoreBusyError extends Error {}

/**
 * The database cannot be reached right now (PostgreSQL: connection refused or lost, the server
 * shutting down). Callers answer 503 `unavailable` (the recorder retries); /readyz fails.
 */
export class StoreUnavailableError extends Error {}
