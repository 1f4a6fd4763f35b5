import type { z } from 'zod';
import { apiError, type ErrorCode } from '../errors.js';

/**
 * The first issue of a failed parse as the API words it: the field's path, then what is wrong,
 * e.g. `events.3.timestamp: Invalid input: expected number, received string`.
 */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${where}: ${issue.message}`;
}

/**
 * Parses `value` with `schema` or throws a 400 whose message names the first bad field. Routes
 * declare their schemas instead (see openapi/validator-compiler.ts); this is for what a handler
 * must read itself, like an inflated ingest body.
 */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode = 'bad_request',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw apiError(code, describeIssue(result.error));
}
