import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import { SESSION_COOKIE } from '../auth/cookies.js';
import { TAGS } from './route-schema.js';
import { jsonSerializerCompiler } from './serializer-compiler.js';
import { veilSchemaTransform } from './transform.js';
import { zodValidatorCompiler } from './validator-compiler.js';

/**
 * Routes declare zod schemas: this validates requests with them (errors in the API's shape),
 * leaves answers as plain JSON, and collects every route registered after it into the OpenAPI
 * document (`app.swagger()`), so it must be registered before any route.
 */
export default fp(
  async (app) => {
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(jsonSerializerCompiler);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Veil HTTP API',
          // The API's version, not the build's: the document is public and names no release.
          version: '1',
          description:
            'Self-hosted, privacy-first session replay. Every error is `{ "error": { "code", "message" } }`; ' +
            'for invalid input the message names the field (`field.path: what is wrong`).',
        },
        tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'A viewer (`vvt_…`) or admin (`vat_…`) token: `Authorization: Bearer <token>`.',
            },
            cookieAuth: {
              type: 'apiKey',
              in: 'cookie',
              name: SESSION_COOKIE,
              description:
                "The viewer's HttpOnly, SameSite=Strict login cookie (from POST /api/v1/auth/login). " +
                'Changes made with it (any method but GET, HEAD, OPTIONS) also need the header `X-Veil-CSRF: 1`.',
            },
            ingestKey: {
              type: 'apiKey',
              in: 'header',
              name: 'X-Veil-Key',
              description: "A project's ingest key (`pk_…`; beacons send it as the `key` form field). It can only write batches.",
            },
          },
        },
      },
      transform: veilSchemaTransform,
    });
  },
  { name: 'veil-openapi' },
);
