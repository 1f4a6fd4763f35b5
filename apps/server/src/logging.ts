import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/**
 * Paths in URLs that carry an identifier a log must not keep: the end-user id of erasure and
 * export requests. Query strings are dropped whole (the config route carries the project key).
 */
const USER_SEGMENT = /\/users\/[^/?]+/;

/** A URL safe to log: no query string, no end-user id. */
export function loggableUrl(url: string): string {
  const path = url.split('?')[0]!.split('#')[0]!;
  return path.replace(USER_SEGMENT, '/users/:userId');
}

/**
 * Pino options: JSON lines with the request id (`reqId`) on every line Fastify writes for a
 * request. Requests are logged by method and a sanitized URL only: no headers (tokens, cookies,
 * ingest keys), no client address, no bodies (recorded content never reaches a log).
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: loggableUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Belt and braces: if a secret-bearing field is ever logged by mistake, pino censors it.
    redact: {
      paths: ['req.headers', 'headers', 'authorization', 'cookie', 'token', 'key', 'projectKey', '*.token', '*.key', '*.authorization', '*.cookie', 'body', '*.body'],
      censor: '[redacted]',
    },
  } as FastifyServerOptions['logger'];
}

/**
 * One log line per request at `info`, written when it completes: method, sanitized URL, status,
 * duration (`ms`) and `reqId` (Fastify's default writes an "incoming request" line at `info` too,
 * doubling the log; here that line is `debug`).
 * Fastify's "Route … not found" line is dropped as well: the completed line says 404 already, and
 * that line would carry the raw URL with its query string.
 */
export class OneLinePerRequest extends LogController {
  /** At `debug` only: shows a request that never completes (a stalled upload). */
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
