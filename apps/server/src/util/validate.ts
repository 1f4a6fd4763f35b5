import type { z } from 'zod';
import { apiError, type ErrorCode } from '../errors.js';

/**
 * Parses `value` with `schema` or throws a 400 whose message names the first bad field, e.g.
 * `events.3.timestamp: Invalid input: expected number, received string`.
 */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode = 'bad_request',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw apiError(code, `${where}: ${issue.message}`);
}
