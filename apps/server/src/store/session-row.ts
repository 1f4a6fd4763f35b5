import type { SessionSummary } from '@veil/protocol';

const DAY_MS = 86_400_000;
/** Visited URLs kept per session for the "URL contains" filter; more adds little and costs rows. */
export const MAX_URLS_TEXT = 8 * 1024;

/** A sessions row joined with its project's retention, as both adapters read it (same columns). */
export interface SessionRow {
  id: string;
  project_id: string;
  user_id: string | null;
  started_at: number;
  last_event_at: number;
  first_url: string | null;
  pages: number;
  clicks: number;
  event_count: number;
  batch_count: number;
  stored_bytes: number;
  browser: string | null;
  os: string | null;
  device: string | null;
  privacy_redactions: number;
  retention_days: number;
}

/** The API's summary of a session row; it expires `retention_days` after it started. */
export function toSummary(r: SessionRow): SessionSummary {
  return {
    id: r.id,
    projectId: r.project_id,
    userId: r.user_id,
    startedAt: new Date(r.started_at).toISOString(),
    lastEventAt: new Date(r.last_event_at).toISOString(),
    durationMs: r.last_event_at - r.started_at,
    firstUrl: r.first_url,
    pages: r.pages,
    clicks: r.clicks,
    eventCount: r.event_count,
    batchCount: r.batch_count,
    storedBytes: r.stored_bytes,
    browser: r.browser,
    os: r.os,
    device: r.device,
    privacyRedactions: r.privacy_redactions,
    expiresAt: new Date(r.started_at + r.retention_days * DAY_MS).toISOString(),
  };
}
