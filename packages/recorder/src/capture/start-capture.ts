import { record } from '@rrweb/record';
import type { PrivacyLevel } from '@veil/privacy';
import { debug } from '../log.js';
import { rrwebPrivacyOptions } from './rrweb-privacy-options.js';
import { watchNavigation } from './watch-navigation.js';

/** A full snapshot this often lets the viewer seek without replaying from the start. */
export const CHECKOUT_EVERY_MS = 5 * 60_000;

export interface CaptureOptions {
  level: PrivacyLevel;
  maskSelector?: string;
  blockSelector?: string;
  ignoreSelector?: string;
  onEvent(event: { type: number; timestamp: number; data: unknown }): void;
}

/** Starts rrweb with Veil's privacy options; answers its teardown (or null if rrweb could not start). */
export function startCapture(o: CaptureOptions): (() => void) | null {
  const stop = record({
    emit: o.onEvent as never,
    checkoutEveryNms: CHECKOUT_EVERY_MS,
    ...rrwebPrivacyOptions(o.level, o),
    // Mouse moves are sampled: they are most of the volume and little of the meaning.
    sampling: { mousemove: 50, scroll: 150, input: 'last', media: 800 },
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headWhitespace: true, headMetaSocial: true, headMetaRobots: true, headMetaHttpEquiv: true, headMetaVerification: true, headMetaAuthorship: true },
    errorHandler: (err: unknown) => {
      debug('rrweb error', err);
      return true; // handled: rrweb must not rethrow into the page
    },
  });
  if (!stop) return null;
  const stopWatching = watchNavigation(o.onEvent);
  return () => {
    stopWatching();
    stop();
  };
}

/** Adds a custom event to the recording (e.g. an identify or a gap marker). */
export function addCustomEvent(tag: string, payload: unknown): void {
  record.addCustomEvent(tag, payload);
}

/** Forces a new full snapshot (e.g. when a new session starts mid-page). */
export function takeFullSnapshot(): void {
  record.takeFullSnapshot(true);
}
