import { z } from 'zod';
import { MAX_EVENTS_PER_BATCH, MAX_TIMESTAMP_MS, MAX_USER_ID_LENGTH, SESSION_ID_PATTERN } from './limits.js';

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

/** rrweb 2.1's highest IncrementalSource (CustomElement); the scrubber knows every source up to it. */
const MAX_INCREMENTAL_SOURCE = 16;

const dimension = z.number().finite().nonnegative();

/**
 * The `data` of each rrweb event type. Where rrweb's shape is fixed and small it is checked
 * strictly (a field the server does not know is a field its scrubber does not scrub); snapshot
 * and incremental data are open, with the fields the scrubber dispatches on required.
 */
const EVENT_DATA = {
  [RRWEB_EVENT_TYPE.DomContentLoaded]: z.strictObject({}),
  [RRWEB_EVENT_TYPE.Load]: z.strictObject({}),
  [RRWEB_EVENT_TYPE.FullSnapshot]: z.looseObject({
    node: z.looseObject({ type: z.number().int(), id: z.number().int() }),
    initialOffset: z.strictObject({ top: z.number().finite(), left: z.number().finite() }),
  }),
  [RRWEB_EVENT_TYPE.IncrementalSnapshot]: z.looseObject({
    source: z.number().int().min(0).max(MAX_INCREMENTAL_SOURCE),
  }),
  [RRWEB_EVENT_TYPE.Meta]: z.strictObject({ href: z.string(), width: dimension, height: dimension }),
  [RRWEB_EVENT_TYPE.Custom]: z.strictObject({ tag: z.string(), payload: z.unknown() }),
  [RRWEB_EVENT_TYPE.Plugin]: z.strictObject({ plugin: z.string(), payload: z.unknown() }),
} as const;

/** One rrweb event as stored: the envelope plus an object `data`. */
export interface RrwebEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
  delay?: number | undefined;
}

function eventOf<T extends keyof typeof EVENT_DATA>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    /** Epoch milliseconds (fractions allowed: rrweb uses performance-derived times in places). */
    timestamp: z.number().finite().nonnegative().max(MAX_TIMESTAMP_MS),
    data: EVENT_DATA[type],
    delay: z.number().finite().optional(),
  });
}

/**
 * One rrweb event: the envelope is strict (type, timestamp, data, optional delay), `data` is
 * checked per type as above, then scrubbed and stored as sent.
 */
export const rrwebEventSchema: z.ZodType<RrwebEvent> = z.discriminatedUnion('type', [
  eventOf(RRWEB_EVENT_TYPE.DomContentLoaded),
  eventOf(RRWEB_EVENT_TYPE.Load),
  eventOf(RRWEB_EVENT_TYPE.FullSnapshot),
  eventOf(RRWEB_EVENT_TYPE.IncrementalSnapshot),
  eventOf(RRWEB_EVENT_TYPE.Meta),
  eventOf(RRWEB_EVENT_TYPE.Custom),
  eventOf(RRWEB_EVENT_TYPE.Plugin),
]);

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
