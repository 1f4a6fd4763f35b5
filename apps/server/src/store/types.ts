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
  /** The scrubbed events, compressed. */
  body: Buffer;
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

export type AppendResult = { status: 'stored' } | { status: 'duplicate' } | { status: 'conflict' };

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
  getByKey(key: string): Project | null;
  list(): Project[];
  update(id: string, patch: ProjectPatch): Project | null;
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
}

export interface SessionStore {
  /** Stores one batch and updates the session's metadata in one transaction. */
  appendBatch(batch: BatchToStore, now: number): AppendResult;
  list(filter: SessionFilter, now: number): SessionSummary[];
  get(id: string, now: number): SessionSummary | null;
  /** The compressed chunks of a live (unexpired) session, in seq order. */
  chunks(id: string, now: number, fromSeq?: number, limit?: number): Array<{ seq: number; body: Buffer }>;
  /** Deletes one session and everything of it; answers whether it existed. */
  delete(id: string): boolean;
  /** Deletes every session of one end user (an erasure request); answers the count. */
  deleteByUser(userId: string): number;
  /**
   * Deletes up to `limit` sessions whose retention has passed, in one short transaction;
   * answers how many. The caller repeats until 0, so ingest is never blocked for long.
   */
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

export interface AuditStore {
  append(entry: { actor: string; action: string; target?: string | null; details?: Record<string, unknown> }, now: number): void;
  list(limit: number, beforeId?: number): AuditEntry[];
}

/** Everything the server persists, behind one interface so another database can implement it. */
export interface Store {
  projects: ProjectStore;
  tokens: TokenStore;
  sessions: SessionStore;
  audit: AuditStore;
  close(): void;
}
