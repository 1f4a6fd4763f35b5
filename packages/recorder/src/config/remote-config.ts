import type { PrivacyLevel, RemoteConfig } from '@veil/protocol';
import { FLUSH_INTERVAL_MS } from '@veil/protocol/limits';
import { debug } from '../log.js';
import { KEYS, storageGet, storageSet } from '../storage.js';

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

/** Reads the project's remote config, from a cache younger than CONFIG_TTL_MS or the server. */
export async function loadRemoteConfig(endpoint: string, projectKey: string, now: number): Promise<RemoteConfig | null> {
  const cached = storageGet('session', KEYS.config);
  if (cached) {
    try {
      const { at, key, config } = JSON.parse(cached) as { at: number; key: string; config: unknown };
      const parsed = parseRemoteConfig(config);
      if (key === projectKey && now - at < CONFIG_TTL_MS && now >= at && parsed) return parsed;
    } catch {
      // a corrupt cache is ignored
    }
  }
  try {
    const response = await fetch(`${endpoint}/api/v1/config?key=${encodeURIComponent(projectKey)}`, { credentials: 'omit' });
    if (!response.ok) {
      debug('remote config refused', response.status);
      return null;
    }
    const config = parseRemoteConfig(await response.json());
    if (!config) debug('remote config malformed; not recording');
    else storageSet('session', KEYS.config, JSON.stringify({ at: now, key: projectKey, config }));
    return config;
  } catch (err) {
    debug('remote config unreachable; not recording', err);
    return null;
  }
}

/** The stricter of two levels: the site may narrow the project's level, never widen it. */
export function strictest(a: PrivacyLevel, b: PrivacyLevel | undefined): PrivacyLevel {
  return a === 'strict' || b === 'strict' ? 'strict' : 'balanced';
}
