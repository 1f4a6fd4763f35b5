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
