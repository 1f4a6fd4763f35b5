import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import { apiError } from '../errors.js';
import type { ResolvedIngestOptions } from '../ingest/ingest-options.js';

/**
 * Sheds load with 503 `unavailable` + Retry-After when the event loop lags or the heap nears its
 * limit, so clients back off and retry (the recorder does) instead of piling onto a server that
 * would answer too late or run out of memory. Its hooks apply where it is registered (ingest).
 */
export default fp<Exclude<ResolvedIngestOptions['pressure'], false>>(
  async (app, options) => {
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelayMs,
      maxHeapUsedBytes: options.maxHeapUsedBytes,
      sampleInterval: options.sampleIntervalMs,
      pressureHandler: async (request, _reply, type, value) => {
        request.log.warn({ type, value }, 'under pressure: request shed');
        throw apiError('unavailable', undefined, { 'retry-after': String(options.retryAfterS) });
      },
    });
  },
  { name: 'veil-under-pressure' },
);
