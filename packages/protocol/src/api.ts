import { z } from 'zod';
import { privacyLevelSchema } from './config.js';
import { RETENTION_DAYS } from './limits.js';

// Answers are described with zod too (the types are inferred from them), so the server's OpenAPI
// document is generated from the same source; the server does not strip answers through them.

/** ISO 8601 time, as every answer writes times (except the token list's epoch milliseconds). */
const isoTime = z.string().describe('ISO 8601');

/** Every error the HTTP API answers has this shape. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    /** Stable, machine-readable: see the README's error tables. */
    code: z.string().describe('stable error code, e.g. bad_request, unauthorized, not_found'),
    /** Safe to show; for invalid input it names the field: `field.path: what is wrong`. */
    message: z.string().describe('safe to show; for invalid input `field.path: what is wrong`'),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** One row of GET /api/v1/sessions and the body of GET /api/v1/sessions/:id. */
export const sessionSummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  userId: z.string().nullable(),
  startedAt: isoTime,
  lastEventAt: isoTime.describe('ISO 8601, time of the last recorded event'),
  durationMs: z.number(),
  firstUrl: z.string().nullable().describe('scrubbed URL of the first page'),
  pages: z.number(),
  clicks: z.number(),
  eventCount: z.number(),
  batchCount: z.number(),
  storedBytes: z.number(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  device: z.string().nullable(),
  privacyRedactions: z.number().describe('how many strings the server had to mask that the recorder had not'),
  expiresAt: isoTime.describe('ISO 8601: after this the recording is deleted and never served'),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** Body of GET /api/v1/sessions/:id: the summary and what the viewer needs to replay it. */
export const sessionDetailSchema = sessionSummarySchema.extend({
  replayAssetOrigins: z
    .array(z.string())
    .describe("the project's replayAssetOrigins: hosts the replay may load images, fonts, media and stylesheets from (empty: none)"),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const sessionListResponseSchema = z.object({
  sessions: z.array(sessionSummarySchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});
export type SessionListResponse = z.infer<typeof sessionListResponseSchema>;

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

/** A window of batches, for streaming a long recording: non-negative integers of at most 9 digits. */
const batchCount = z.string().regex(/^\d{1,9}$/, 'must be a non-negative integer').transform(Number);

/** Query of GET /api/v1/sessions/:id/events. */
export const sessionEventsQuerySchema = z.object({
  fromSeq: batchCount.optional().describe('first batch (seq) of the window; default 0'),
  limit: batchCount.optional().describe('batches in the window; default all'),
});
export type SessionEventsQuery = z.infer<typeof sessionEventsQuerySchema>;

/** Query of GET /api/v1/config. */
export const configQuerySchema = z.object({
  key: z.string().min(1).max(128).describe("the project's ingest key (pk_…)"),
});

/** Body of POST /api/v1/auth/login. */
export const loginSchema = z.strictObject({ token: z.string().min(1).max(200).describe('a viewer or admin token') });
export type Login = z.infer<typeof loginSchema>;

/** Most hosts a project may allow replays to load assets from. */
export const MAX_REPLAY_ASSET_ORIGINS = 20;
/**
 * `https://cdn.shop.example`, `http://127.0.0.1:8080`: scheme, lower-case host and port only, as
 * a URL's `origin` writes it (so no default port, no path, no trailing slash). The host allows
 * nothing a CSP source list would read as a wildcard or a separator.
 */
const ASSET_ORIGIN = /^(https?):\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::([1-9][0-9]{0,4}))?$/;

/** Whether `value` is an origin a project may allow replays to load assets from. */
export function isAssetOrigin(value: string): boolean {
  const m = ASSET_ORIGIN.exec(value);
  if (!m) return false;
  const port = m[2] === undefined ? null : Number(m[2]);
  return port === null || (port <= 65535 && port !== (m[1] === 'https' ? 443 : 80));
}

const replayAssetOriginSchema = z
  .string()
  .max(256)
  .refine(isAssetOrigin, 'must be an origin: http(s), host and port only, lower case, no path (e.g. https://cdn.shop.example)');

/** A project as the admin API shows it. */
export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string().describe('the ingest key (public: it is embedded in pages; it can only write)'),
  enabled: z.boolean().describe('the recording kill switch'),
  retentionDays: z.number(),
  privacyLevel: privacyLevelSchema,
  sampleRate: z.number(),
  allowedOrigins: z.array(z.string()),
  urlAllowlist: z.array(z.string()),
  replayAssetOrigins: z
    .array(z.string())
    .describe('hosts whose images, fonts, media and stylesheets replays may load (they then see when a replay is watched); empty by default: replays load nothing from recorded sites'),
  createdAt: isoTime,
  previousKeyValidUntil: isoTime.nullable().describe('until when the key before the last rotation still works, or null'),
});
export type Project = z.infer<typeof projectSchema>;

/** Body of PATCH /api/v1/projects/:id. */
export const projectPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).optional(),
  privacyLevel: privacyLevelSchema.optional(),
  sampleRate: z.number().min(0).max(1).optional(),
  allowedOrigins: z.array(z.string().url().max(256)).max(100).optional(),
  urlAllowlist: z.array(z.string().min(1).max(128)).max(100).optional(),
  replayAssetOrigins: z.array(replayAssetOriginSchema).max(MAX_REPLAY_ASSET_ORIGINS).optional(),
});
export type ProjectPatch = z.infer<typeof projectPatchSchema>;

export const tokenRoleSchema = z.enum(['viewer', 'admin']);
export type TokenRole = z.infer<typeof tokenRoleSchema>;

/** Who a credential is: the answer of login and of GET /api/v1/auth/me. */
export const principalSchema = z.object({ role: tokenRoleSchema, tokenId: z.string() });

/** Body of POST /api/v1/tokens. */
export const tokenCreateSchema = z.strictObject({
  role: tokenRoleSchema,
  label: z.string().trim().min(1).max(100).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

/** Answer of POST /api/v1/tokens: the only time the token itself is shown (it is stored hashed). */
export const tokenCreatedSchema = z.object({ id: z.string(), role: tokenRoleSchema, token: z.string() });

/** One row of GET /api/v1/tokens (times in epoch milliseconds). */
export const tokenInfoSchema = z.object({
  id: z.string(),
  role: tokenRoleSchema,
  label: z.string().nullable(),
  createdAt: z.number().describe('epoch ms'),
  expiresAt: z.number().nullable().describe('epoch ms, or null: never'),
  revokedAt: z.number().nullable().describe('epoch ms, or null: live'),
});

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
export const keyRotationResultSchema = z.object({
  key: z.string(),
  previousKeyValidUntil: isoTime.nullable().describe('null when the old key stopped working at once (graceHours 0)'),
});
export type KeyRotation = z.infer<typeof keyRotationResultSchema>;

/** Answer of the three deletion routes (one session, one end user's, one project's). */
export const deletionResultSchema = z.object({ deleted: z.number().int() });
export type DeletionResult = z.infer<typeof deletionResultSchema>;

/** Answer of changes that have nothing else to say (logout, token revocation). */
export const okSchema = z.object({ ok: z.literal(true) });

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
export const auditEntryViewSchema = z.object({
  id: z.number().int(),
  at: isoTime,
  actor: z.string().describe('token id, `cli`, `system` or `anonymous`'),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const auditListResponseSchema = z.object({
  entries: z.array(auditEntryViewSchema),
  nextBefore: z.number().int().nullable().describe('pass as `before` for the next (older) page; null on the last page'),
});
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;

/** Answer of GET /api/v1/audit/verify (and `veil audit verify`). */
export const auditVerificationSchema = z.union([
  z.object({ ok: z.literal(true), entries: z.number().int(), headHash: z.string() }),
  z.object({ ok: z.literal(false), brokenAt: z.number().int().describe('id of the first entry edited or removed') }),
]);

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

/** The file GET /api/v1/sessions/:id/export answers: an import reads it back. */
export const sessionExportFileSchema = sessionExportSchema.extend({
  exportedAt: isoTime,
  session: sessionSummarySchema,
});

/** The file GET /api/v1/users/:userId/export answers: every live session of one end user. */
export const userExportFileSchema = z.object({
  format: z.literal(USER_EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: isoTime,
  userId: z.string(),
  sessions: z.array(sessionExportFileSchema),
});

/** Answer of POST /api/v1/import. */
export const importResultSchema = z.object({
  sessionId: z.string(),
  sourceSessionId: z.string().describe('the id the session had where it was exported'),
  projectId: z.string(),
  batches: z.number().int(),
  duplicates: z.number().int().describe('batches already stored by an earlier import of the same file (nothing written again)'),
  expiresAt: isoTime.describe("the import keeps the recording's age, so it expires with the target project's retention"),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** Answer of POST /api/v1/ingest (see IngestAck). */
export const ingestAckSchema = z.object({
  ok: z.literal(true),
  duplicate: z.boolean().describe('true when this (sessionId, seq) was stored before: nothing was written again'),
});

/** A project as viewers see it: enough to name it in the session list, nothing of its settings. */
export const projectNameSchema = z.object({ id: z.string(), name: z.string() });
export type ProjectName = z.infer<typeof projectNameSchema>;
