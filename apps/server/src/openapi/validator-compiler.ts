import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { apiError } from '../errors.js';
import { describeIssue } from '../util/validate.js';

/**
 * Validates a route's querystring, params and body with the zod schemas it declares. A failure
 * is returned as an ApiError: Fastify hands an Error returned here to the error handler as it is,
 * so clients get the API's usual `bad_request` naming the first bad field (`limit: Too small: …`).
 * A request without a body is checked as `{}`, so the message names the missing field rather
 * than saying the whole body is absent; an empty POST thereby takes the schema's defaults.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(httpPart === 'body' && data == null ? {} : data);
    return result.success ? { value: result.data } : { error: apiError('bad_request', describeIssue(result.error)) };
  };
