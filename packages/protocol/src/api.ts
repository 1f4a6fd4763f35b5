import { z } from 'zod';
import { privacyLevelSchema } from './config.js';
import { RETENTION_DAYS } from './limits.js';

/** Every error the HTTP API answers has this shape. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** One row of GET /api/v1/sessions and the body of GET /api/v1/sessions/:id. */
export interface SessionSummary {
  id: string;
  projectId: string;
  userId: string | null;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601, time of the last recorded event. */
  lastEventAt: string;
  durationMs: number;
  /** Scrubbed URL of the first page. */
  firstUrl: string | null;
  pages: number;
  clicks: number;
  eventCount: number;
  batchCount: number;
  storedBytes: number;
  browser: string | null;
  os: string | null;
  device: string | null;
  /** How many strings the server had to mask that the recorder had not. */
  privacyRedactions: number;
  /** ISO 8601: after this the recording is deleted and never served. */
  expiresAt: string;
}

export interface SessionListResponse {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

/** Query of GET /api/v1/sessions. */
export const sessionListQuerySchema = z.strictObject({
  projectId: z.string().max(64).optional(),
  userId: z.string().max(256).optional(),
  urlContains: z.string().max(512).optional(),
  minDurationMs: z.coerce.number().int().nonnegative().optional(),
  /** ISO 8601 or epoch ms. */
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

/** A project as the admin API shows it. */
export interface Project {
  id: string;
  name: string;
  /** The ingest key (public: it is embedded in customers' pages; it can only write). */
  key: string;
  enabled: boolean;
  retentionDays: number;
  privacyLevel: z.infer<typeof privacyLevelSchema>;
  sampleRate: number;
  allowedOrigins: string[];
  urlAllowlist: string[];
  createdAt: string;
  /** ISO 8601 until which the key before the last rotation still works, or null. */
  previousKeyValidUntil: string | null;
}

/** Body of PATCH /api/v1/projects/:id. */
export const projectPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).optional(),
  privacyLevel: privacyLevelSchema.optional(),
  sampleRate: z.number().min(0).max(1).optional(),
  allowedOrigins: z.array(z.string().url().max(256)).max(100).optional(),
  urlAllowlist: z.array(z.string().min(1).max(128)).max(100).optional(),
});
export type ProjectPatch = z.infer<typeof projectPatchSchema>;

export const tokenRoleSchema = z.enum(['viewer', 'admin']);
export type TokenRole = z.infer<typeof tokenRoleSchema>;

/** Body of POST /api/v1/projects. */
export const projectCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
});
export type ProjectCreate = z.infer<typeof projectCreateSchema>;

/** Longest grace period for the previous ingest key after a rotation, in hours (30 days). */
export const MAX_KEY_GRACE_HOURS = 720;

/** Body of POST /api/v1/projects/:id/rotate-key. */
export const keyRotationSchema = z.strictObject({
  /** How long the previous key keeps working, so pages with the old key cached still record. */
  graceHours: z.number().int().min(0).max(MAX_KEY_GRACE_HOURS).default(24),
});

/** Answer of POST /api/v1/projects/:id/rotate-key. */
export interface KeyRotation {
  key: string;
  /** ISO 8601, or null when the old key stopped working at once (graceHours 0). */
  previousKeyValidUntil: string | null;
}

/** Answer of the three deletion routes (one session, one end user's, one project's). */
export interface DeletionResult {
  deleted: number;
}

/** Query of GET /api/v1/audit; `before` is the id of the oldest entry of the previous page. */
export const auditQuerySchema = z.strictObject({
  action: z.string().min(1).max(64).optional(),
  actor: z.string().min(1).max(64).optional(),
  target: z.string().min(1).max(256).optional(),
  /** Entries about this end user (the log keeps end-user ids only pseudonymized; see userRef). */
  userId: z.string().min(1).max(256).optional(),
  /** ISO 8601 or epoch ms, inclusive. */
  from: z.string().max(64).optional(),
  /** ISO 8601 or epoch ms, exclusive. */
  to: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** One audit log entry as GET /api/v1/audit answers it. */
export interface AuditEntryView {
  id: number;
  /** ISO 8601. */
  at: string;
  /** Token id, `cli`, `system` or `anonymous`. */
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export interface AuditListResponse {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** File format name of a session export. */
export const SESSION_EXPORT_FORMAT = 'veil.session-export';

/**
 * A session export (GET /api/v1/sessions/:id/export), and what POST /api/v1/import reads: the
 * metadata and the rrweb events in their original batches, so a re-import maps one to one onto
 * ingest batches. Events are checked here only as far as the envelope: the import runs every
 * batch through the same validation and privacy scrub as ingest.
 */
export const sessionExportSchema = z.object({
  format: z.literal(SESSION_EXPORT_FORMAT),
  version: z.literal(1),
  session: z.object({
    id: z.string().min(1).max(64),
    userId: z.string().min(1).max(256).nullable(),
  }).passthrough(),
  batches: z
    .array(z.object({ seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), events: z.array(z.unknown()) }))
    .min(1),
});
export type SessionExport = z.infer<typeof sessionExportSchema>;

/** File format name of everything stored about one end user (GET /api/v1/users/:userId/export). */
export const USER_EXPORT_FORMAT = 'veil.user-export';

/** Answer of POST /api/v1/import. */
export interface ImportResult {
  sessionId: string;
  /** The id the session had where it was exported. */
  sourceSessionId: string;
  projectId: string;
  batches: number;
  /** Batches already stored by an earlier import of the same file (nothing written again). */
  duplicates: number;
  /** ISO 8601: the imported recording keeps its age, so it expires with the target project's retention. */
  expiresAt: string;
}
