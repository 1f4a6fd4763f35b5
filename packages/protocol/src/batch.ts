import { z } from 'zod';
import { MAX_EVENTS_PER_BATCH, MAX_USER_ID_LENGTH, SESSION_ID_PATTERN } from './limits.js';

/** rrweb's event types (EventType in @rrweb/types), kept here so the server needs no rrweb. */
export const RRWEB_EVENT_TYPE = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** One rrweb event: the envelope is checked strictly, `data` is scrubbed and stored as sent. */
export const rrwebEventSchema = z.object({
  type: z.number().int().min(0).max(6),
  timestamp: z.number().finite().nonnegative(),
  data: z.record(z.string(), z.unknown()),
  delay: z.number().finite().optional(),
});
export type RrwebEvent = z.infer<typeof rrwebEventSchema>;

/** A batch of events for one session, as the recorder sends it. */
export const ingestBatchSchema = z.strictObject({
  /** Wire format version. */
  v: z.literal(1),
  sessionId: z.string().regex(SESSION_ID_PATTERN, 'must be 16–64 characters of A–Z, a–z, 0–9, _ or -'),
  /** Counts up from 0 per session; a retry re-sends the same seq so the server drops duplicates. */
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** End-user id from `Veil.identify()`, or null. */
  userId: z.string().min(1).max(MAX_USER_ID_LENGTH).nullable().optional(),
  events: z.array(rrwebEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;

/** What ingest answers on success. */
export interface IngestAck {
  ok: true;
  /** True when this (sessionId, seq) was stored before: nothing was written again. */
  duplicate: boolean;
}
