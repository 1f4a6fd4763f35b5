import { FLUSH_INTERVAL_MS } from '@veil/protocol/limits';
import type { PrivacyLevel } from '@veil/protocol';

/** Options of `Veil.init()`; every one but `endpoint` and `projectKey` has a default. */
export interface InitOptions {
  /** Base URL of the Veil server, e.g. `https://veil.example.com`. */
  endpoint: string;
  /** The project's ingest key (`pk_…`). */
  projectKey: string;
  /** Record nothing until `Veil.consent(true)`. Default false. */
  requireConsent?: boolean;
  /** Do not record when the browser sends Global Privacy Control or Do Not Track. Default true. */
  respectBrowserSignals?: boolean;
  /** Narrows the project's privacy level (`strict` only narrows; it can never widen). */
  privacyLevel?: PrivacyLevel;
  /** Extra CSS selectors treated like the markers. */
  maskSelector?: string;
  blockSelector?: string;
  ignoreSelector?: string;
  /** How often buffered events are sent, 1,000–30,000 ms. Default 5,000. */
  flushIntervalMs?: number;
  /** A session ends after this long without user activity. Default 30 minutes. */
  idleTimeoutMs?: number;
  /** A session ends after this long in all. Default 12 hours. */
  maxSessionMs?: number;
  /** Sessions shorter than this are not sent (except on `stop()`). Default 0. */
  minDurationMs?: number;
  /** Log to the console with a `[veil]` prefix. Default false. */
  debug?: boolean;
  /**
   * Called each time a batch is formed (its seq taken), before it is sent: for monitoring and
   * for tests that count what the page recorded against what the server stored. Default none.
   */
  onBatch?: (batch: BatchInfo) => void;
}

/** What `onBatch` is told about a batch. */
export interface BatchInfo {
  sessionId: string;
  seq: number;
  /** How many events it holds. */
  events: number;
}

type Optional = 'privacyLevel' | 'maskSelector' | 'blockSelector' | 'ignoreSelector' | 'onBatch';
export type ResolvedOptions = Required<Omit<InitOptions, Optional>> & Pick<InitOptions, Optional>;

const MINUTE_MS = 60_000;
const DEFAULTS = {
  requireConsent: false,
  respectBrowserSignals: true,
  flushIntervalMs: FLUSH_INTERVAL_MS.default,
  idleTimeoutMs: 30 * MINUTE_MS,
  maxSessionMs: 12 * 60 * MINUTE_MS,
  minDurationMs: 0,
  debug: false,
};

/** Checks `init()` options; answers the resolved options or an error message naming the option. */
export function resolveOptions(input: unknown): ResolvedOptions | string {
  if (typeof input !== 'object' || input === null) return 'init() needs an options object';
  const o = input as Record<string, unknown>;
  const known = new Set([...Object.keys(DEFAULTS), 'endpoint', 'projectKey', 'privacyLevel', 'maskSelector', 'blockSelector', 'ignoreSelector', 'onBatch']);
  for (const key of Object.keys(o)) if (!known.has(key)) return `unknown option "${key}"`;
  if (typeof o.endpoint !== 'string' || !/^https?:\/\/[^/]+/.test(o.endpoint)) return 'endpoint must be an http(s) URL';
  if (typeof o.projectKey !== 'string' || !/^[\w-]{4,128}$/.test(o.projectKey)) return 'projectKey must be the project key (pk_…)';
  for (const key of ['requireConsent', 'respectBrowserSignals', 'debug'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') return `${key} must be true or false`;
  }
  const numbers: Array<[keyof typeof DEFAULTS, number, number]> = [
    ['flushIntervalMs', FLUSH_INTERVAL_MS.min, FLUSH_INTERVAL_MS.max],
    ['idleTimeoutMs', MINUTE_MS, 24 * 60 * MINUTE_MS],
    ['maxSessionMs', MINUTE_MS, 7 * 24 * 60 * MINUTE_MS],
    ['minDurationMs', 0, 60 * MINUTE_MS],
  ];
  for (const [key, min, max] of numbers) {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= min && v <= max))) return `${key} must be a number from ${min} to ${max}`;
  }
  if (o.privacyLevel !== undefined && o.privacyLevel !== 'balanced' && o.privacyLevel !== 'strict') {
    return 'privacyLevel must be "balanced" or "strict"';
  }
  for (const key of ['maskSelector', 'blockSelector', 'ignoreSelector'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isValidSelector(v)) return `${key} must be a valid CSS selector`;
  }
  if (o.onBatch !== undefined && typeof o.onBatch !== 'function') return 'onBatch must be a function';
  return { ...DEFAULTS, ...(o as Partial<ResolvedOptions>), endpoint: o.endpoint.replace(/\/+$/, '') } as ResolvedOptions;
}

function isValidSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}
