import { apiErrorBodySchema } from '@veil/protocol';
import type { z } from 'zod';

/**
 * Who may call an operation. The document carries it as `x-veil-access` (the authorization
 * matrix test checks it against what the server really enforces) and as OpenAPI `security`.
 */
export type Access = 'public' | 'ingest' | 'viewer' | 'admin';

/** The tags, in the order the reference lists them. */
export const TAGS = {
  recorder: 'What the recorder on a page calls: its remote config and ingest.',
  auth: "The viewer's login: a token exchanged for an HttpOnly session cookie.",
  sessions: 'Finding, replaying and exporting recordings.',
  projects: 'Projects, their settings (the kill switch among them) and ingest keys.',
  tokens: 'Access tokens (shown once, stored hashed).',
  'data requests': "Deleting early, an end user's erasure and access requests, imports.",
  audit: 'The audit log and its hash-chain check.',
  operations: 'Health, readiness, metrics and this reference.',
} as const;
export type Tag = keyof typeof TAGS;

const SECURITY: Record<Access, ReadonlyArray<Record<string, readonly string[]>>> = {
  public: [],
  ingest: [{ ingestKey: [] }],
  viewer: [{ bearerAuth: [] }, { cookieAuth: [] }],
  admin: [{ bearerAuth: [] }, { cookieAuth: [] }],
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 410 | 413 | 415 | 429 | 503;

/** What each refusal means when a route says nothing more specific. */
const ERROR_MEANING: Record<ErrorStatus, string> = {
  400: 'Invalid input (`bad_request`); the message names the field: `field.path: what is wrong`.',
  401: 'No credential (`unauthorized`), or an unknown, revoked or expired one (`invalid_token`).',
  403: 'A viewer token on an admin route (`forbidden`), or a cookie-authenticated change without `X-Veil-CSRF: 1` (`csrf_failed`).',
  404: 'No such resource, or it has expired (`not_found`).',
  408: 'The request did not arrive in time (`body_timeout`).',
  409: 'A conflict with what is stored.',
  410: 'Deleted for good (`session_erased`).',
  413: 'Too large.',
  415: 'Unsupported content type or encoding.',
  429: 'Too many requests (`rate_limited`); `Retry-After` says when to retry.',
  503: 'Overloaded (`unavailable`); `Retry-After` says when to retry.',
};

/** The refusals every route of an access level can answer. */
const ACCESS_ERRORS: Record<Access, ErrorStatus[]> = { public: [], ingest: [], viewer: [401], admin: [401, 403] };

/** An error answer in the API's shape, documented with what it means here. */
function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: apiErrorBodySchema } } };
}

interface RouteDoc {
  tags: [Tag];
  summary: string;
  description?: string;
  querystring?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
  response: Record<number, unknown>;
  /** Refusals beyond those of the access level: a status, or a status with its own meaning. */
  errors?: ReadonlyArray<ErrorStatus | readonly [ErrorStatus, string]>;
  /** Overrides the access level's security (e.g. /metrics takes bearer tokens only). */
  security?: ReadonlyArray<Record<string, readonly string[]>>;
  produces?: readonly string[];
  consumes?: readonly string[];
  documentedBody?: Record<string, z.ZodType>;
}

/**
 * A route's `schema`: its zod parts (which Fastify validates with) plus what the reference shows:
 * tags, summary, who may call it (security and `x-veil-access`) and every error answer.
 */
export function routeSchema<const D extends RouteDoc>(access: Access, doc: D) {
  const { errors = [], security, response, ...rest } = doc;
  const refusals: Record<number, ReturnType<typeof errorResponse>> = {};
  for (const status of ACCESS_ERRORS[access]) refusals[status] = errorResponse(ERROR_MEANING[status]);
  for (const entry of errors) {
    const [status, meaning] = typeof entry === 'number' ? [entry, ERROR_MEANING[entry]] : entry;
    refusals[status] = errorResponse(meaning);
  }
  return {
    ...rest,
    security: security ?? SECURITY[access],
    'x-veil-access': access,
    response: { ...refusals, ...response } as D['response'],
  };
}
