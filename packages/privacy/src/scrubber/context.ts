import type { PrivacyLevel } from '../fields.js';
import { maskPii } from '../mask-pii.js';
import { FIXED_MASK, isMasked, maskText } from '../mask-text.js';
import type { RedactionCounts } from './counts.js';

/** Everything the scrubbing functions share for one scrubber. */
export interface ScrubContext {
  readonly level: PrivacyLevel;
  readonly allowlist: readonly string[];
  readonly counts: RedactionCounts;
  /**
   * Inherited flags (see scrub-node.ts) of the nodes seen so far whose flags differ from the
   * level's default: markers then reach nodes that later events add under them, or whose text
   * they change. Cleared by every full snapshot; removed nodes are forgotten.
   */
  readonly nodes: Map<number, number>;
}

/** maskPii that counts per detector. */
export const pii = (ctx: ScrubContext, text: string): string => maskPii(text, ctx.counts);

/** maskText that counts one 'text' redaction when something changed. */
export function wholeText(ctx: ScrubContext, text: string): string {
  const out = maskText(text);
  if (out !== text) ctx.counts.text++;
  return out;
}

/**
 * A form value whose field is unknown (input events, attribute mutations): one without
 * whitespace could be a password, card or one-time code, so its length is hidden too.
 */
export function unknownFormValue(ctx: ScrubContext, value: string): string {
  if (isMasked(value)) return value;
  ctx.counts.form++;
  return /\s/.test(value) ? maskText(value) : FIXED_MASK;
}

// Text mutations do not say which element they hit; CSS-in-JS libraries rewrite <style> text,
// and masking CSS would wreck the replay without protecting anything.
const CSS_LIKE = /\{[^{}]*:[^{}]*\}/;

/** Text of unknown origin: CSS keeps its shape (PII-masked), other text follows the level. */
export function unknownText(ctx: ScrubContext, text: string): string {
  if (ctx.level === 'balanced' || CSS_LIKE.test(text)) return pii(ctx, text);
  return wholeText(ctx, text);
}
