import { STATUS_CODES } from 'node:http';
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * A request body the handler reads and validates itself (a raw stream to inflate, a multipart
     * form), by content type. Only the reference shows it: it is not `body`, so Fastify neither
     * parses nor validates it.
     */
    documentedBody?: Record<string, z.ZodType>;
    /** Who may call the route; see openapi/route-schema.ts. */
    'x-veil-access'?: string;
  }
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** @fastify/swagger takes a response's description from this key (else "Default Response"). */
const RESPONSE_DESCRIPTION = 'x-response-description';

/**
 * fastify-type-provider-zod's transform (zod schemas to JSON Schema), extended with
 * `documentedBody` (each content type's schema is converted the same way and becomes the
 * operation's request body) and with the status text as the description of answers that have none.
 */
export const veilSchemaTransform: SwaggerTransform = (input) => {
  const { schema, ...rest } = input as TransformInput;
  const { documentedBody, ...fastifySchema } = (schema ?? {}) as NonNullable<TransformInput['schema']> & {
    documentedBody?: Record<string, z.ZodType>;
  };
  const result = jsonSchemaTransform({ ...rest, schema: schema ? fastifySchema : schema } as TransformInput);
  const responses = (result.schema as { response?: Record<string, Record<string, unknown>> } | undefined)?.response ?? {};
  for (const [status, response] of Object.entries(responses)) {
    if (!response.description && !response[RESPONSE_DESCRIPTION]) response[RESPONSE_DESCRIPTION] = STATUS_CODES[status] ?? status;
  }
  if (!documentedBody || !result.schema) return result;
  const content: Record<string, { schema: unknown }> = {};
  for (const [type, body] of Object.entries(documentedBody)) {
    content[type] = { schema: jsonSchemaTransform({ ...rest, schema: { body } } as TransformInput).schema!.body };
  }
  return { ...result, schema: { ...result.schema, body: { content } } };
};
