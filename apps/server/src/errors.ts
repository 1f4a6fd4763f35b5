/**
 * The server's error codes, in one table: status and the message clients see. Handlers throw
 * `apiError(code)`; the error handler renders `{ error: { code, message } }`.
 */
export const ERRORS = {
  bad_request: [400, 'The request is malformed.'],
  invalid_batch: [400, 'The batch is invalid.'],
  invalid_json: [400, 'The body is not valid JSON.'],
  invalid_gzip: [400, 'The body is not valid gzip.'],
  invalid_utf8: [400, 'The body is not valid UTF-8.'],
  empty_body: [400, 'The body is empty.'],
  invalid_multipart: [400, 'The multipart body is malformed.'],
  missing_batch: [400, 'The multipart body has no batch file.'],
  aborted: [400, 'The body ended before it was complete.'],
  unauthorized: [401, 'Authentication is required.'],
  missing_key: [401, 'The project key is missing: send it in the X-Veil-Key header (beacons: the key form field).'],
  invalid_key: [401, 'The project key is unknown or revoked.'],
  invalid_token: [401, 'The token is unknown, revoked or expired.'],
  forbidden: [403, 'This credential may not do that.'],
  csrf_failed: [403, 'Cookie-authenticated changes need the X-Veil-CSRF header.'],
  recording_disabled: [403, 'Recording is disabled for this project.'],
  origin_not_allowed: [403, 'This origin may not record into this project.'],
  invalid_import: [400, 'The file is not a Veil session export.'],
  not_found: [404, 'Not found.'],
  body_timeout: [408, 'The body did not arrive in time.'],
  seq_conflict: [409, 'This sequence number was already stored with a different body.'],
  session_user_conflict: [409, 'This session belongs to another end user: record another person in a new session.'],
  session_erased: [410, 'This session was deleted; its recording is not accepted again.'],
  body_too_large: [413, 'The body is larger than allowed.'],
  decompressed_too_large: [413, 'The decompressed body is larger than allowed.'],
  too_many_events: [413, 'The batch has more events than allowed.'],
  string_too_long: [413, 'The batch holds a string longer than allowed.'],
  too_deep: [413, 'The batch is nested deeper than allowed.'],
  too_many_values: [413, 'The batch holds more JSON values than allowed.'],
  too_many_parts: [413, 'The multipart body has more parts than allowed.'],
  unsupported_media_type: [415, 'Unsupported content type.'],
  unsupported_encoding: [415, 'Unsupported content encoding: send gzip or none.'],
  rate_limited: [429, 'Too many requests.'],
  too_many_uploads: [429, 'Too many uploads from this address at once.'],
  internal_error: [500, 'Internal server error.'],
  unavailable: [503, 'The server is overloaded; retry later.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;

/** An error whose code and message are safe to show to the client. */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ERRORS[code][1]);
    this.statusCode = ERRORS[code][0];
  }
}

/** Shorthand: `throw apiError('not_found')`. */
export function apiError(code: ErrorCode, message?: string, headers?: Record<string, string>): ApiError {
  return new ApiError(code, message, headers);
}
