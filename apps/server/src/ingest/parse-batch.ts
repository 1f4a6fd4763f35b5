import { ingestBatchSchema, MAX_JSON_DEPTH, MAX_STRING_LENGTH, type IngestBatch } from '@veil/protocol';
import { apiError } from '../errors.js';
import { parseOr400 } from '../util/validate.js';

/**
 * Checks nesting depth and string lengths without recursion (a hostile body must not overflow
 * the stack), then validates the envelope and each event with the protocol's schema.
 */
export function parseBatch(raw: Buffer): IngestBatch {
  let value: unknown;
  try {
    // TextDecoder with fatal: invalid UTF-8 is an error, not silently replaced characters.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw apiError('invalid_json');
  }
  checkShape(value);
  return parseOr400(ingestBatchSchema, value, 'invalid_batch');
}

function checkShape(root: unknown): void {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > MAX_STRING_LENGTH) throw apiError('string_too_long');
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_JSON_DEPTH) throw apiError('too_deep');
      const children = Array.isArray(value) ? value : Object.values(value);
      for (const child of children) {
        if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
        else if (typeof child === 'string' && child.length > MAX_STRING_LENGTH) throw apiError('string_too_long');
      }
      if (!Array.isArray(value)) {
        for (const key in value) if (key.length > MAX_STRING_LENGTH) throw apiError('string_too_long');
      }
    }
  }
}
