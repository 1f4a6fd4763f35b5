import type { PrivacyLevel, RemoteConfig } from '@veil/protocol';
import { FLUSH_INTERVAL_MS } from '@veil/protocol/limits';
import { debug } from '../log.js';
import { KEYS, storageGet, storageRemove, storageSet } from '../storage.js';

/** How long a fetched config is reused: the kill switch must reach new pages quickly. */
export const CONFIG_TTL_MS = 60_000;

/**
 * Checks a remote config by hand (zod would not fit the recorder's size budget). Bad values are
 * not trusted: an invalid config means "do not record".
 */
export function parseRemoteConfig(value: unknown): RemoteConfig | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  const level = c.privacyLevel;
  const ok =
    typeof c.enabled === 'boolean' &&
    typeof c.sampleRate === 'number' && c.sampleRate >= 0 && c.sampleRate <= 1 &&
    (level === 'balanced' || level === 'strict') &&
    Array.isArray(c.urlAllowlist) && c.urlAllowlist.every((k) => typeof k === 'string') &&
    typeof c.flushIntervalMs === 'number' && c.flushIntervalMs >= FLUSH_INTERVAL_MS.min && c.flushIntervalMs <= FLUSH_INTERVAL_MS.max;
  return ok ? (c as unknown as RemoteConfig) : null;
}

/**
 * Reads the project's remote config: from a cache younger than CONFIG_TTL_MS, else from the
 * server. Answers `refused` for an unknown key or a malformed config (do not record) and
 * `unreachable` for a network error or a 5xx (ask again later). With `staleOk` (a session of this
 * tab is already running) an unreachable server does not stop the session: the last config this
 * tab saw is used, and the ingest route still refuses a project switched off meanwhile.
 */
export async function loadRemoteConfig(
  endpoint: string,
  projectKey: string,
  now: number,
  staleOk = false,
): Promise<RemoteConfig | 'refused' | 'unreachable'> {
  let cached: { at: number; config: RemoteConfig } | null = null;
  try {
    const c = JSON.parse(storageGet('session', KEYS.config) ?? 'null') as { at: number; key: string; config: unknown } | null;
    const config = c && c.key === projectKey ? parseRemoteConfig(c.config) : null;
    if (config && Number.isFinite(c!.at)) cached = { at: c!.at, config };
  } catch {
    // a corrupt cache is ignored
  }
  if (cached && now - cached.at < CONFIG_TTL_MS && now >= cached.at) return cached.config;
  const unreachable = (staleOk && cached?.config) || 'unreachable';
  try {
    const response = await fetch(`${endpoint}/api/v1/config?key=${encodeURIComponent(projectKey)}`, { credentials: 'omit' });
    if (!response.ok) {
      debug('remote config refused', response.status);
      return response.status >= 500 ? unreachable : 'refused';
    }
    const config = parseRemoteConfig(await response.json());
    if (!config) {
      debug('remote config malformed; not recording');
      return 'refused';
    }
    storageSet('session', KEYS.config, JSON.stringify({ at: now, key: projectKey, config }));
    return config;
  } catch (err) {
    debug('remote config unreachable', err);
    return unreachable;
  }
}

/** Forgets the cached config (the server just said the project is off: the next page must ask). */
export function forgetRemoteConfig(): void {
  storageRemove('session', KEYS.config);
}

/** The stricter of two levels: the site may narrow the project's level, never widen it. */
export function strictest(a: PrivacyLevel, b: PrivacyLevel | undefined): PrivacyLevel {
  return a === 'strict' || b === 'strict' ? 'strict' : 'balanced';
}
