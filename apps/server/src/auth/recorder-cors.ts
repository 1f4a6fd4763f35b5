import type { FastifyCorsOptions } from '@fastify/cors';

/** The only paths another origin may call: the recorder's remote config and ingest. */
export const RECORDER_PATHS: ReadonlySet<string> = new Set(['/api/v1/config', '/api/v1/ingest']);

const ALLOWED = {
  origin: true,
  methods: ['GET', 'POST'],
  allowedHeaders: ['content-type', 'content-encoding', 'x-veil-key'],
  maxAge: 600,
} satisfies FastifyCorsOptions;

/**
 * @fastify/cors options for the recorder's routes. The plugin answers preflights through an
 * `OPTIONS *` route, which matches every path of the app whatever context registers it, so the
 * options are chosen per request: CORS for the recorder's paths, none (`origin: false`, and then
 * the preflight falls through to 404) for every other path.
 */
export const recorderCors: FastifyCorsOptions = {
  delegator: (request, callback) => {
    const path = (request.url ?? '').split('?')[0]!;
    callback(null, RECORDER_PATHS.has(path) ? ALLOWED : { origin: false });
  },
};
