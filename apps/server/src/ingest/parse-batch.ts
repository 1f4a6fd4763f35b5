import { isUtf8 } from 'node:buffer';
import { ingestBatchSchema, MAX_EVENTS_PER_BATCH, type IngestBatch } from '@veil/protocol';
import { MAX_EVENT_FUTURE_SKEW_MS } from '@veil/protocol/limits';
import { apiError } from '../errors.js';
import { parseOr400 } from '../util/validate.js';
import { checkJsonLimits } from './json-limit-scanner.js';

/**
 * Turns a decompressed body into a valid batch, or throws the error that says what is wrong:
 * UTF-8 (strictly: invalid bytes are an error, never silently replaced), then the count of
 * values, the nesting and the string lengths (on the bytes, before JSON.parse: a hostile text
 * never becomes a large tree), JSON, the protocol's schema, then timestamps against the server
 * clock `now`. Also answers the body's text.
 *
 * The batch answered is the very value JSON.parse made (checked by the schema, which transforms
 * nothing), not the schema's copy: whoever scrubs it in place changes what
 * `JSON.stringify(batch)` gives, so comparing that with `text` tells whether anything at all
 * was changed — counted or not.
 */
export function parseBatch(raw: Buffer, now: number): { batch: IngestBatch; text: string } {
  if (raw.length === 0) throw apiError('empty_body');
  if (!isUtf8(raw)) throw apiError('invalid_utf8');
  checkJsonLimits(raw);
  let value: unknown;
  const text = raw.toString('utf8');
  try {
    // V8's JSON.parse is iterative: deep nesting costs memory, not stack.
    value = JSON.parse(text);
  } catch {
    throw apiError('invalid_json');
  }
  const events = (value as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS_PER_BATCH) {
    throw apiError('too_many_events', `events: more than ${MAX_EVENTS_PER_BATCH} events in one batch`);
  }
  parseOr400(ingestBatchSchema, value, 'invalid_batch');
  const batch = value as IngestBatch;
  const latest = now + MAX_EVENT_FUTURE_SKEW_MS;
  for (let i = 0; i < batch.events.length; i++) {
    if (batch.events[i]!.timestamp > latest) {
      throw apiError('invalid_batch', `events.${i}.timestamp: more than 24 hours ahead of the server clock`);
    }
  }
  return { batch, text };
}
