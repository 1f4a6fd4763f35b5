import type { IncomingMessage } from 'node:http';
import { apiError } from '../errors.js';

/** A running deadline for one request body; `stop()` once the body is read (or the request failed). */
export interface BodyDeadline {
  /** Aborted with 408 `body_timeout` when the deadline passes: readers stop there. */
  readonly signal: AbortSignal;
  /** `read`, or the 408 if the deadline passes first. */
  race<T>(read: Promise<T>): Promise<T>;
  stop(): void;
}

/**
 * Cuts a body that does not arrive at a minimum rate: it gets `baseMs`, plus one second for every
 * `minBytesPerSecond` bytes received so far, counted on the connection (`socket.bytesRead`), so
 * whatever reads the body (a stream parser, multipart) needs no hook. The timer wakes only at the
 * deadline, then moves it on by what arrived meanwhile; a trickle of a byte now and then buys
 * milliseconds, not minutes.
 */
export function startBodyDeadline(request: IncomingMessage, options: { baseMs: number; minBytesPerSecond: number }): BodyDeadline {
  const controller = new AbortController();
  const socket = request.socket as { bytesRead?: unknown } | null;
  const bytesRead = () => (typeof socket?.bytesRead === 'number' ? socket.bytesRead : 0);
  const started = Date.now();
  const startBytes = bytesRead();
  let timer: NodeJS.Timeout | undefined;
  let rejectExpired: (err: unknown) => void = () => {};
  const expired = new Promise<never>((_resolve, reject) => (rejectExpired = reject));
  // Nobody may be racing when it fires (the body was read meanwhile): not an unhandled rejection.
  expired.catch(() => {});

  const deadline = () => started + options.baseMs + ((bytesRead() - startBytes) * 1000) / options.minBytesPerSecond;
  const check = () => {
    const wait = deadline() - Date.now();
    if (wait > 0) {
      timer = setTimeout(check, wait).unref();
      return;
    }
    timer = undefined;
    const err = apiError('body_timeout');
    controller.abort(err);
    rejectExpired(err);
  };
  timer = setTimeout(check, options.baseMs).unref();

  return {
    signal: controller.signal,
    race(read) {
      // The read may still settle after the deadline won; its outcome no longer matters.
      read.catch(() => {});
      return Promise.race([read, expired]);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
