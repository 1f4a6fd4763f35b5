/**
 * Limits shared by the recorder (so it never builds a batch the server would refuse) and the
 * server (which enforces them). Units are in the names.
 */

/** Largest compressed request body the ingest route reads before answering 413. */
export const MAX_COMPRESSED_BODY_BYTES = 10 * 1024 * 1024;
/**
 * Largest decompressed batch; enforced while inflating so a gzip bomb never fills memory.
 *
 * The recorder flushes at FLUSH_SIZE_BYTES (256 KiB, full snapshots counted as half of that), so
 * its largest batch is about two full snapshots of a page plus a flush worth of other events:
 * 16 MiB takes full snapshots of ~8 MB each (pages of ~100,000 elements), where a typical batch
 * is 50-300 KB. Other recorders draw the line lower or near: Sentry's stops a replay whose
 * segment passes ~20 MB, PostHog's splits its messages at ~6.3 MiB. Every byte allowed here is
 * synchronous work on the server (~75 ms per MiB of rrweb JSON to parse, validate and scrub on
 * the 2-core reference machine), so the cap also bounds how long one batch can hold the event
 * loop. (It was 100 MiB: seven seconds of work per batch, from anyone holding the public key.)
 */
export const MAX_DECOMPRESSED_BODY_BYTES = 16 * 1024 * 1024;
/**
 * Most JSON values in one batch (objects, arrays, strings, numbers, literals, and object keys),
 * counted on the bytes before anything is parsed: size alone does not bound the parsed tree (30
 * MiB of `{},` is ten million objects, a 1.6 GB tree that took 12 s to build). rrweb JSON holds a
 * value per 5.7-7.3 bytes (measured on recorded batches and full snapshots), so a batch at the
 * size cap holds at most ~2.9 million.
 */
export const MAX_JSON_VALUES = 3_000_000;
/**
 * Most objects and arrays in one batch, counted with the values. They are what parsing,
 * validating and scrubbing pay for most (~1 µs each, against ~0.1 µs for a number); rrweb JSON
 * has one per 29-35 bytes, so a batch at the size cap holds ~600,000, and a text of nothing but
 * `{}` is stopped at about the work of the largest real batch (~1 s on the reference machine).
 */
export const MAX_JSON_CONTAINERS = 750_000;
/** Largest session export file accepted by import (admin-only; it holds a whole session's batches). */
export const MAX_IMPORT_FILE_BYTES = 100 * 1024 * 1024;
/** Most rrweb events in one batch. */
export const MAX_EVENTS_PER_BATCH = 10_000;
/** Longest single string anywhere in a batch (inline images and stylesheets can be large). */
export const MAX_STRING_LENGTH = 5 * 1024 * 1024;
/** Deepest JSON nesting accepted (rrweb snapshots nest one level per DOM level, twice). */
export const MAX_JSON_DEPTH = 512;
/** Session ids: URL-safe, long enough to be unguessable. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Longest end-user id accepted by `Veil.identify()`. */
export const MAX_USER_ID_LENGTH = 256;
/** Recorder flush cadence bounds and default. */
export const FLUSH_INTERVAL_MS = { min: 1_000, default: 5_000, max: 30_000 } as const;
/** Raw JSON bytes pending in the recorder that trigger an early flush. */
export const FLUSH_SIZE_BYTES = 256 * 1024;
/** Largest body a `keepalive` fetch may carry (browsers cap all keepalive bodies at 64 KiB). */
export const KEEPALIVE_MAX_BYTES = 60 * 1024;
/** Retention bounds and default, in days. */
export const RETENTION_DAYS = { min: 1, default: 30, max: 365 } as const;
/**
 * How far past the server's clock an event timestamp may be. Session start times come from
 * event timestamps and drive retention, so a far-future timestamp would keep a recording past
 * its deletion date; a day leaves room for badly set client clocks.
 */
export const MAX_EVENT_FUTURE_SKEW_MS = 24 * 60 * 60_000;
/** Latest millisecond a JavaScript Date can represent; larger timestamps are not times. */
export const MAX_TIMESTAMP_MS = 8.64e15;
/** Longest project key the ingest door looks up (keys are `pk_` + 43 characters). */
export const MAX_PROJECT_KEY_LENGTH = 128;
