import { resolve } from 'node:path';
import { z } from 'zod';

/** Every setting Veil's server reads from the environment, parsed once at start. */
const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  VEIL_DATA_DIR: z.string().min(1).default('./data'),
  VEIL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Minutes between retention sweeps (0 disables the timer; `veil retention run` still works). */
  VEIL_RETENTION_SWEEP_MINUTES: z.coerce.number().min(0).max(24 * 60).default(10),
  /** Set when Veil is served over HTTPS (behind a proxy): session cookies get `Secure`. */
  VEIL_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
});

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['VEIL_LOG_LEVEL'];
  retentionSweepMinutes: number;
  secureCookies: 'true' | 'false' | 'auto';
}

/** A setting that failed validation; the message names the variable. */
export class ConfigError extends Error {}

/** Parses the environment into a config; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`invalid ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.VEIL_DATA_DIR),
    logLevel: e.VEIL_LOG_LEVEL,
    retentionSweepMinutes: e.VEIL_RETENTION_SWEEP_MINUTES,
    secureCookies: e.VEIL_SECURE_COOKIES,
  };
}
