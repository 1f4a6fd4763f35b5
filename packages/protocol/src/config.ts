import { z } from 'zod';
import { FLUSH_INTERVAL_MS } from './limits.js';

/** How much the recorder masks. `strict` masks all text and blocks media. */
export const privacyLevelSchema = z.enum(['balanced', 'strict']);
export type PrivacyLevel = z.infer<typeof privacyLevelSchema>;

/** The public remote config the recorder reads before it starts (GET /api/v1/config?key=…). */
export const remoteConfigSchema = z.object({
  /** Admin kill switch: false means record nothing. */
  enabled: z.boolean(),
  /** Share of sessions recorded, 0..1, decided once per session. */
  sampleRate: z.number().min(0).max(1),
  privacyLevel: privacyLevelSchema,
  /** Query keys kept in recorded URLs (entries ending in `*` are prefixes). */
  urlAllowlist: z.array(z.string().max(128)).max(100),
  flushIntervalMs: z.number().int().min(FLUSH_INTERVAL_MS.min).max(FLUSH_INTERVAL_MS.max),
});
export type RemoteConfig = z.infer<typeof remoteConfigSchema>;
