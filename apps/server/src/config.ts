import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './auth/trust-proxy.js';

/**
 * Every setting of the server. Each comes from the environment or, if `VEIL_CONFIG_FILE` names
 * one, from a JSON file with the same names as keys; the environment wins. Parsed once, at start.
 */
const settings = {
  VEIL_HOST: z.string().min(1).default('127.0.0.1').describe('interface to listen on (alias: HOST)'),
  VEIL_PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe('port (alias: PORT)'),
  VEIL_DATA_DIR: z.string().min(1).default('./data').describe('where the SQLite database lives'),
  VEIL_DATABASE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const problem = value === undefined ? null : databaseUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('postgres://user:password@host:5432/database: share one PostgreSQL among several servers (alias: DATABASE_URL); unset = SQLite in VEIL_DATA_DIR'),
  VEIL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('log level (JSON lines on stdout)'),
  VEIL_RETENTION_SWEEP_MINUTES: z.coerce.number().min(0).max(24 * 60).default(10).describe('minutes between retention sweeps; 0 = only at start'),
  VEIL_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto').describe('Secure flag on the login cookie; auto = when the request is HTTPS'),
  VEIL_TRUST_PROXY: z
    .string()
    .default('false')
    .superRefine((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .describe('behind reverse proxies: how many (e.g. 1) or their addresses/CIDRs, comma-separated; the right-most untrusted X-Forwarded-For entry is the client'),
  VEIL_METRICS_TOKEN: z.string().min(16).max(200).optional().describe('bearer token for GET /metrics (admin tokens work too)'),
  VEIL_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('how long in-flight requests may finish on SIGTERM; then the process exits, whatever still holds it'),
  VEIL_MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(100).describe('/readyz fails below this much free disk in the data dir'),
  VEIL_INGEST_BODY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(20_000)
    .describe('an ingest body gets this long, plus 1 s per 500 bytes received; a slower upload is cut with 408'),
} as const;

type Settings = { [K in keyof typeof settings]: z.infer<(typeof settings)[K]> };
const settingsSchema = z.object(settings);

/** Names of settings whose values are secrets: `veil config` shows them redacted. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set(['VEIL_METRICS_TOKEN', 'VEIL_DATABASE_URL']);

/** What is wrong with a VEIL_DATABASE_URL, or null when it names a PostgreSQL database. */
function databaseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected a URL like postgres://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'only postgres:// (or postgresql://) URLs are supported';
  if (!url.hostname && !url.searchParams.get('host')) return 'the URL names no host';
  if (url.pathname.length <= 1) return 'the URL names no database (…/database at its end)';
  return null;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL shared by several servers; undefined = the SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  logLevel: Settings['VEIL_LOG_LEVEL'];
  retentionSweepMinutes: number;
  secureCookies: 'true' | 'false' | 'auto';
  trustProxy: TrustProxy;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  minFreeDiskMb: number;
  /** Base time an ingest body may take to arrive (it grows with the bytes received). */
  ingestBodyTimeoutMs: number;
  /** The raw effective settings by name, for `veil config`. */
  effective: Record<string, unknown>;
}

/** A setting that failed validation; the message names the variable. */
export class ConfigError extends Error {}

/** Reads the settings file named by VEIL_CONFIG_FILE, if any, as flat name → value pairs. */
function readConfigFile(path: string): Record<string, unknown> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`invalid VEIL_CONFIG_FILE=${JSON.stringify(path)}: cannot read the file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError(`invalid VEIL_CONFIG_FILE=${JSON.stringify(path)}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`invalid VEIL_CONFIG_FILE=${JSON.stringify(path)}: expected a JSON object of settings`);
  }
  for (const key of Object.keys(value)) {
    if (!(key in settings)) throw new ConfigError(`invalid VEIL_CONFIG_FILE: unknown setting "${key}"`);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Parses file + environment into a config; throws ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const fromFile = env.VEIL_CONFIG_FILE ? readConfigFile(env.VEIL_CONFIG_FILE) : {};
  const merged: Record<string, unknown> = { ...fromFile };
  // The short names HOST and PORT are what most platforms set; the VEIL_ names win over them.
  if (env.HOST !== undefined) merged.VEIL_HOST = env.HOST;
  if (env.PORT !== undefined) merged.VEIL_PORT = env.PORT;
  if (env.DATABASE_URL !== undefined) merged.VEIL_DATABASE_URL = env.DATABASE_URL;
  for (const key of Object.keys(settings)) if (env[key] !== undefined) merged[key] = env[key];
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];

  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const shown = SECRET_SETTINGS.has(key) ? '(redacted)' : JSON.stringify(merged[key] ?? '');
    // Name the variable the user actually set: PORT, not VEIL_PORT, when only the alias was given.
    const alias = ({ VEIL_PORT: 'PORT', VEIL_HOST: 'HOST', VEIL_DATABASE_URL: 'DATABASE_URL' } as Record<string, string>)[key];
    const name = alias && env[key] === undefined && env[alias] !== undefined ? alias : key;
    throw new ConfigError(`invalid ${name}=${shown}: ${issue.message}`);
  }
  const s = parsed.data;
  return {
    host: s.VEIL_HOST,
    port: s.VEIL_PORT,
    dataDir: resolve(s.VEIL_DATA_DIR),
    databaseUrl: s.VEIL_DATABASE_URL,
    logLevel: s.VEIL_LOG_LEVEL,
    retentionSweepMinutes: s.VEIL_RETENTION_SWEEP_MINUTES,
    secureCookies: s.VEIL_SECURE_COOKIES,
    trustProxy: (parseTrustProxy(s.VEIL_TRUST_PROXY) as { value: TrustProxy }).value,
    metricsToken: s.VEIL_METRICS_TOKEN,
    shutdownTimeoutMs: s.VEIL_SHUTDOWN_TIMEOUT_MS,
    minFreeDiskMb: s.VEIL_MIN_FREE_DISK_MB,
    ingestBodyTimeoutMs: s.VEIL_INGEST_BODY_TIMEOUT_MS,
    effective: { ...s, VEIL_DATA_DIR: resolve(s.VEIL_DATA_DIR) },
  };
}

/** The effective settings with secrets redacted, and each setting's meaning. */
export function describeConfig(config: ServerConfig): Array<{ name: string; value: unknown; description: string }> {
  return Object.entries(settings).map(([name, schema]) => ({
    name,
    value: SECRET_SETTINGS.has(name) && config.effective[name] !== undefined ? '(redacted)' : (config.effective[name] ?? null),
    description: schema.description ?? '',
  }));
}
