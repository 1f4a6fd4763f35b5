import { isUtf8 } from 'node:buffer';
import {
  ingestBatchSchema,
  MAX_EVENTS_PER_BATCH,
  MAX_JSON_DEPTH,
  MAX_STRING_LENGTH,
  type IngestBatch,
} from '@veil/protocol';
import { MAX_EVENT_FUTURE_SKEW_MS } from '@veil/protocol/limits';
import { apiError } from '../errors.js';
import { parseOr400 } from '../util/validate.js';

/**
 * Turns a decompressed body into a valid batch, or throws the error that says what is wrong:
 * UTF-8 (strictly: invalid bytes are an error, never silently replaced), JSON, size and depth
 * (checked before the schema, so zod never walks a hostile shape), then the protocol's schema,
 * then timestamps against the server clock `now`. Also answers the body's text.
 *
 * The batch answered is the very value JSON.parse made (checked by the schema, which transforms
 * nothing), not the schema's copy: whoever scrubs it in place changes what
 * `JSON.stringify(batch)` gives, so comparing that with `text` tells whether anything at all
 * was changed — counted or not.
 */
export function parseBatch(raw: Buffer, now: number): { batch: IngestBatch; text: string } {
  if (raw.length === 0) throw apiError('empty_body');
  if (!isUtf8(raw)) throw apiError('invalid_utf8');
  let value: unknown;
  const text = raw.toString('utf8');
  try {
    // V8's JSON.parse is iterative: deep nesting costs memory, not stack.
    value = JSON.parse(text);
  } catch {
    throw apiError('invalid_json');
  }
  checkShape(value);
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

/** Refuses strings (values and keys) over MAX_STRING_LENGTH and nesting over MAX_JSON_DEPTH, without recursion. */
function checkShape(root: unknown): void {
  if (typeof root !== 'object' || root === null) return;
  const values: object[] = [root];
  const depths: number[] = [1];
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth > MAX_JSON_DEPTH) throw apiError('too_deep', `nesting deeper than ${MAX_JSON_DEPTH} levels`);
    // Indexed loops for arrays: for-in would turn every index into a string.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) push(value[i], depth);
    } else {
      for (const key in value) {
        if (key.length > MAX_STRING_LENGTH) throw tooLong();
        push((value as Record<string, unknown>)[key], depth);
      }
    }
  }

  function push(child: unknown, parentDepth: number): void {
    if (typeof child === 'string') {
      if (child.length > MAX_STRING_LENGTH) throw tooLong();
    } else if (typeof child === 'object' && child !== null) {
      values.push(child);
      depths.push(parentDepth + 1);
    }
  }
}

function tooLong() {
  return apiError('string_too_long', `a string is longer than ${MAX_STRING_LENGTH} characters`);
}
