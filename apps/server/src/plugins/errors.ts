import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { ApiError, ERRORS, type ErrorCode } from '../errors.js';
import { StoreUnavailableError } from '../store/types.js';

/** Seconds a client is told to wait while the database cannot be reached. */
const STORE_UNAVAILABLE_RETRY_AFTER_S = 5;

/** Fastify's own error codes that mean the client sent something wrong, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'bad_request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_REQ_FILE_TOO_LARGE: 'body_too_large',
  FST_PARTS_LIMIT: 'too_many_parts',
  FST_FILES_LIMIT: 'too_many_parts',
  FST_FIELDS_LIMIT: 'too_many_parts',
  FST_PROTO_VIOLATION: 'invalid_multipart',
  FST_INVALID_JSON_FIELD_ERROR: 'invalid_multipart',
  FST_MP_PREMATURE_CLOSE: 'aborted',
};

/**
 * One error handler: every error becomes `{ error: { code, message } }`; 5xx say nothing of
 * internals and are logged with their stack; 4xx are logged at debug.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
      let code: ErrorCode;
      let message: string;
      if (err instanceof ApiError) {
        code = err.code;
        message = err.message;
        reply.headers(err.headers);
      } else if (err.code && FASTIFY_CODES[err.code]) {
        code = FASTIFY_CODES[err.code]!;
        message = code === 'bad_request' ? err.message : ERRORS[code][1];
      } else if (err instanceof StoreUnavailableError) {
        // Losing the database is not a crash: the recorder keeps its batch and retries.
        code = 'unavailable';
        message = 'The database cannot be reached right now; retry later.';
        reply.header('retry-after', String(STORE_UNAVAILABLE_RETRY_AFTER_S));
      } else if (err.statusCode === 429) {
        code = 'rate_limited';
        message = ERRORS.rate_limited[1];
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        code = 'bad_request';
        message = ERRORS.bad_request[1];
      } else {
        code = 'internal_error';
        message = ERRORS.internal_error[1];
      }
      const status = ERRORS[code][0];
      // Read by the metrics plugin's onResponse hook (rejections counted by code).
      request.errorCode = code;
      if (status >= 500) request.log.error({ err }, 'request failed');
      else request.log.debug({ code }, 'request rejected');
      return reply.status(status).send({ error: { code, message } });
    });
    app.setNotFoundHandler((_request, reply) =>
      reply.status(404).send({ error: { code: 'not_found', message: ERRORS.not_found[1] } }),
    );
  },
  { name: 'veil-errors' },
);
