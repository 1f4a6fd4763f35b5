import { apiError } from '../errors.js';

/** Epoch ms from an ISO 8601 string or a number of epoch ms; 400 naming the field otherwise. */
export function parseTime(value: string, field: string): number {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw apiError('bad_request', `${field}: expected an ISO 8601 time or epoch milliseconds`);
  return ms;
}
