import type { PrivacyLevel } from '../fields.js';
import { maskPii } from '../mask-pii.js';
import { FIXED_MASK, isMasked, maskText } from '../mask-text.js';
import { mayHoldCssUrl, scrubCssUrls } from '../url/scrub-css-urls.js';
import { scrubUrl } from '../url/scrub-url.js';
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

/**
 * Longest string scanned for personal data as text (UTF-16 units); a longer one is masked whole
 * and counted as `oversize`. Scanning is linear, so this is not what keeps a hostile batch from
 * stalling the server; it bounds the work one string can cost, and text that long (a whole
 * book in one DOM text node, a dumped log in a custom event) is not something a support
 * engineer reads in a replay. 64 Ki is far above ordinary page text and attribute values, and
 * far below the protocol's MAX_STRING_LENGTH (5 MiB), which exists for inline images and
 * stylesheets. Markup is never capped (see `piiInMarkup`).
 */
export const MAX_SCANNED_TEXT_CHARS = 64 * 1024;

/**
 * maskPii for text (text nodes, text mutations, non-structural attribute values, custom, plugin
 * and console payload strings), counting per detector; past MAX_SCANNED_TEXT_CHARS masked whole.
 */
export function pii(ctx: ScrubContext, text: string): string {
  if (text.length <= MAX_SCANNED_TEXT_CHARS) return maskPii(text, ctx.counts);
  const out = maskText(text);
  if (out !== text) ctx.counts.oversize++;
  return out;
}

/**
 * maskPii for markup the replay needs intact: CSS (style text, `style` and `_cssText`
 * attributes, stylesheet rules, font sources) and structural attribute values (SVG paths, class
 * lists, ids). Masking a long stylesheet or path whole would wreck the replay without protecting
 * anything, so no length cap here: the scan is linear, and the protocol caps every string.
 */
export const piiInMarkup = (ctx: ScrubContext, text: string): string => maskPii(text, ctx.counts);

/** scrubUrl (or `strictFn` instead) that counts one 'url' redaction when something changed. */
export function urlValue(ctx: ScrubContext, url: string, strictFn: ((url: string) => string) | null = null): string {
  const out = strictFn ? strictFn(url) : scrubUrl(url, ctx.allowlist, ctx.counts);
  if (out !== url) ctx.counts.url++;
  return out;
}

/**
 * CSS (style text, `style` and `_cssText` attributes, style diffs, stylesheet rules, adopted
 * sheets, font sources): every URL in it (`url()`, `image-set()`, `@import`) is scrubbed like a
 * URL attribute, at both levels (a stylesheet's images are needed to replay the page), then the
 * whole text is PII-masked like other markup.
 */
export const cssText = (ctx: ScrubContext, text: string): string =>
  piiInMarkup(ctx, scrubCssUrls(text, (url) => urlValue(ctx, url)));

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

/**
 * Text mutations do not say which element they hit; CSS-in-JS libraries rewrite <style> text,
 * and masking CSS would wreck the replay without protecting anything. True when `text` has a
 * `{…:…}` block with no brace inside (what /\{[^{}]*:[^{}]*\}/ tests), in one pass: that
 * regular expression backtracked over every colon after an unclosed '{', quadratic in them.
 */
export function looksLikeCss(text: string): boolean {
  let open = false; // inside '{' with no brace since
  let colon = false; // saw ':' since that '{'
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      open = true;
      colon = false;
    } else if (c === 125) {
      if (open && colon) return true;
      open = false;
    } else if (c === 58) colon = true;
  }
  return false;
}

/** Text of unknown origin: CSS keeps its shape (its URLs scrubbed), other text follows the level. */
export function unknownText(ctx: ScrubContext, text: string): string {
  // Balanced PII-scans all text anyway: CSS matters where it would be masked whole otherwise,
  // or where it holds a URL (the native regex test keeps ordinary text off the CSS walk).
  const wouldMaskWhole = ctx.level === 'strict' || text.length > MAX_SCANNED_TEXT_CHARS;
  if (text.indexOf('{') !== -1 && (wouldMaskWhole || mayHoldCssUrl(text)) && looksLikeCss(text)) return cssText(ctx, text);
  return ctx.level === 'balanced' ? pii(ctx, text) : wholeText(ctx, text);
}
