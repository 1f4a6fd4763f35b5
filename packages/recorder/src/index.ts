import { forgetRemoteConfig, loadRemoteConfig, strictest } from './config/remote-config.js';
import { browserSaysDoNotTrack } from './consent/browser-signals.js';
import { debug, setDebug } from './log.js';
import { resolveOptions, type InitOptions, type ResolvedOptions } from './options.js';
import { loadRecorder } from './lazy/load-recorder.js';
import type { Recorder } from './recorder.js';
import { identifySession, isExpired, loadOrCreateSession, parseSession } from './session/session.js';
import { KEYS, storageGet, storageRemove, storageSet } from './storage.js';
import { backoffDelay } from './transport/backoff.js';

export type { BatchInfo, InitOptions } from './options.js';

/**
 * Why the recorder is not recording; `recording` when it is. `unreachable`: the remote config
 * could not be read (it is asked again with backoff); `disabled`: the project is switched off.
 */
export type VeilStatus =
  | 'idle' | 'starting' | 'recording' | 'stopped' | 'opted-out' | 'awaiting-consent' | 'browser-signal'
  | 'unreachable' | 'disabled' | 'not-sampled' | 'error';

let options: ResolvedOptions | null = null;
/** The live recorder; after `stop()` it stays (still delivering) so a later opt-out can discard. */
let recorder: Recorder | null = null;
let status: VeilStatus = 'idle';
let consentGiven = false;
/**
 * `identify()` called before recording started: applied when it does (kept in memory only), by
 * the same "another person = new session" rule (see identifySession).
 */
let pendingUserId: string | null | undefined;
/** The site's own flush interval wins over the project's when it set one. */
let siteSetFlushInterval = false;
/** Bumped by every stop, so a start still waiting for the remote config knows it was called off. */
let generation = 0;
let configAttempt = 0;
let configRetry: ReturnType<typeof setTimeout> | undefined;

function safely<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (err) {
      status = 'error';
      debug('internal error', err);
    }
  };
}

/**
 * Starts Veil on this page. Recording begins only when every gate agrees: not opted out, no
 * browser do-not-track signal (unless `respectBrowserSignals: false`), consent (with
 * `requireConsent`), the project enabled in the remote config, and the session sampled in.
 * @example Veil.init({ endpoint: 'https://veil.example.com', projectKey: 'pk_…' })
 */
export const init = safely((input: InitOptions) => {
  const resolved = resolveOptions(input);
  if (typeof resolved === 'string') {
    // Bad options are the site's bug: say so even without debug, and record nothing.
    console.warn(`[veil] init: ${resolved}`);
    status = 'error';
    return;
  }
  if (options) return debug('init called twice; ignored');
  options = resolved;
  siteSetFlushInterval = input.flushIntervalMs !== undefined;
  setDebug(resolved.debug);
  void start().catch(fail);
});

function fail(err: unknown): void {
  status = 'error';
  debug('could not start', err);
}

async function start(): Promise<void> {
  const o = options;
  if (!o || recorder) return;
  clearTimeout(configRetry);
  if (storageGet('local', KEYS.optOut) === '1') return void (status = 'opted-out');
  if (o.respectBrowserSignals && browserSaysDoNotTrack()) return void (status = 'browser-signal');
  if (o.requireConsent && !consentGiven) return void (status = 'awaiting-consent');
  status = 'starting';
  const myGeneration = ++generation;
  const stored = parseSession(storageGet('session', KEYS.session));
  // A session of this tab already running may go on with the last config if the server is away.
  const running = stored !== null && stored.sampled && !isExpired(stored, Date.now(), o);
  const config = await loadRemoteConfig(o.endpoint, o.projectKey, Date.now(), running);
  if (myGeneration !== generation || recorder) return;
  if (config === 'unreachable') {
    status = 'unreachable';
    configRetry = setTimeout(() => void start().catch(fail), backoffDelay(configAttempt++));
    return;
  }
  if (config === 'refused' || !config.enabled) {
    // Switched off (or the key is gone): what an earlier page left unsent is dropped too.
    forgetStored();
    return void (status = 'disabled');
  }
  const now = Date.now();
  const loaded = loadOrCreateSession(stored, now, o, config.sampleRate, Math.random);
  // An identify() made before recording started follows the one-person-per-session rule too.
  const session = identifySession(loaded, pendingUserId, now, config.sampleRate, Math.random);
  storageSet('session', KEYS.session, JSON.stringify(session));
  if (!session.sampled) return void (status = 'not-sampled');
  // Every gate agreed: only now is the recorder (rrweb and the rest) downloaded and run.
  let module: Awaited<ReturnType<typeof loadRecorder>>;
  try {
    module = await loadRecorder(o.endpoint);
  } catch (err) {
    debug('could not load the recorder', err);
    if (myGeneration !== generation) return;
    status = 'unreachable';
    configRetry = setTimeout(() => void start().catch(fail), backoffDelay(configAttempt++));
    return;
  }
  // An opt-out, a withdrawn consent or a stop while it loaded called this start off.
  if (myGeneration !== generation || recorder) return;
  module.setDebug(o.debug);
  const { Recorder } = module;
  const level = strictest(config.privacyLevel, o.privacyLevel);
  const flushIntervalMs = siteSetFlushInterval ? o.flushIntervalMs : config.flushIntervalMs;
  const r = new Recorder({ ...o, flushIntervalMs }, level, config.urlAllowlist, session, config.sampleRate, {
    onServerStop: () => {
      halt(false);
      status = 'disabled';
    },
    onNotSampled: () => void (status = 'not-sampled'),
  });
  recorder = r;
  status = r.start() ? 'recording' : 'error';
}

/** Stops recording. `keep`: still deliver what was recorded; otherwise drop everything unsent. */
function halt(keep: boolean): void {
  generation++;
  clearTimeout(configRetry);
  recorder?.stop(keep);
  if (!keep) {
    recorder = null;
    forgetStored();
  }
}

/** Forgets this tab's unsent batches, its session and the cached config: no trace is left. */
function forgetStored(): void {
  storageRemove('session', KEYS.queue);
  storageRemove('session', KEYS.session);
  forgetRemoteConfig();
}

/**
 * Attaches the end user's id to the session (what erasure requests delete by). Another id later
 * in the same tab starts a new session; `null` (a logout) leaves the session with its person.
 */
export const identify = safely((userId: string | null) => {
  if (userId !== null && (typeof userId !== 'string' || userId.length === 0 || userId.length > 256)) {
    return debug('identify: userId must be a string of 1–256 characters');
  }
  pendingUserId = userId;
  if (status === 'recording') recorder?.identify(userId);
});

/**
 * Records the visitor's consent. `true` starts recording (with `requireConsent`); `false` stops
 * at once and discards everything not yet sent.
 */
export const consent = safely((given: boolean) => {
  if (typeof given !== 'boolean') return debug('consent: pass true or false');
  consentGiven = given;
  if (given) {
    if (status === 'awaiting-consent') void start().catch(fail);
  } else {
    halt(false);
    if (status !== 'opted-out') status = 'awaiting-consent';
  }
});

/** Stops now, drops what was not sent, and remembers the choice for later pages (localStorage). */
export const optOut = safely(() => {
  storageSet('local', KEYS.optOut, '1');
  halt(false);
  status = 'opted-out';
});

/** Stops recording and sends what is buffered. */
export const stop = safely(() => {
  halt(true);
  if (status !== 'opted-out') status = 'stopped';
});

/** What the recorder is doing now (for the embedding site and tests). */
export function getStatus(): VeilStatus {
  return status;
}

/** The current session id, or null when not recording. */
export function getSessionId(): string | null {
  return status === 'recording' ? recorder?.sessionId ?? null : null;
}

/** Sends everything buffered now (tests, or a site about to navigate by script). */
export function flush(): Promise<void> {
  try {
    if (status === 'recording') recorder?.flush();
  } catch (err) {
    debug('flush failed', err);
  }
  return Promise.resolve();
}
