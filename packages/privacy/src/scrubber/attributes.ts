import { maskInputValue } from '../fields.js';
import { isMasked, maskText } from '../mask-text.js';
import { scrubSrcset } from '../url/scrub-srcset.js';
import { urlOrigin } from '../url/url-origin.js';
import { cssText, MAX_SCANNED_TEXT_CHARS, pii, piiInMarkup, unknownFormValue, urlValue, wholeText, type ScrubContext } from './context.js';

/** A Set from a space-separated list (smaller in the bundle than an array literal). */
const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/** Attributes whose value is a URL. `rr_src` is where rrweb keeps an iframe's src. */
const URL_ATTRIBUTES = words(
  'href src action formaction poster data background cite xlink:href longdesc ' +
  'manifest codebase ping rr_src',
);
const SRCSET_ATTRIBUTES = words('srcset imagesrcset');
const FORM_TAGS = words('input textarea select option');
const OPTION_TAGS = words('option optgroup');
/** An option's attributes that repeat its text. */
const OPTION_COPY = words('title aria-label');
// In strict mode these elements' content (pixels, frames) is blocked; their size is kept.
const MEDIA_TAGS = words('img image picture source video audio track canvas iframe frame embed object');
const MEDIA_CONTENT = words('src srcset poster data rr_dataurl rr_src xlink:href href');

/**
 * Attributes strict mode keeps (still PII-scanned): structure, layout, accessibility state and
 * SVG geometry — none of them is page copy, and masking them would break the replay.
 */
const STRUCTURAL = words(
  'id class style _csstext type role name rel width height tabindex dir lang for aria-hidden ' +
  'aria-expanded aria-selected aria-checked aria-disabled checked selected disabled hidden ' +
  'readonly required multiple open colspan rowspan media sizes charset http-equiv ' +
  'autocomplete inputmode maxlength minlength min max step method target loading decoding ' +
  'crossorigin async defer xmlns xmlns:xlink viewbox d points x y x1 x2 y1 y2 cx cy r rx ry ' +
  'fill stroke stroke-width stroke-linecap stroke-linejoin fill-rule clip-rule transform ' +
  'opacity preserveaspectratio version focusable slot part',
);

/** True for attributes kept verbatim-but-PII-scanned in strict mode. */
const isStructural = (name: string): boolean =>
  STRUCTURAL.has(name) || name.startsWith('data-veil-') || (name.startsWith('rr_') && name !== 'rr_dataurl' && name !== 'rr_src');

/**
 * Scrubs one attribute value. `tagName` and `attributes` describe the element when known (a
 * snapshot), or are null (an attribute mutation names only the node id). Returns null to drop
 * the attribute.
 */
export function scrubAttribute(
  ctx: ScrubContext,
  tagName: string | null,
  attributes: Record<string, unknown> | null,
  rawName: string,
  value: string,
): string | null {
  const name = rawName.toLowerCase();
  const strict = ctx.level === 'strict';
  if (name === 'value' && (tagName === null || FORM_TAGS.has(tagName))) {
    if (tagName === null) return unknownFormValue(ctx, value);
    const masked = maskInputValue(value, {
      tagName,
      type: stringAttr(attributes, 'type'),
      autocomplete: stringAttr(attributes, 'autocomplete'),
    });
    if (masked !== value && !/^[*\s]*$/.test(value)) ctx.counts.form++;
    return masked;
  }
  // An option's `label` attribute is the text the select shows (and its title or aria-label
  // usually repeats it): a form value like its text. A `label` set later by script arrives as
  // an attribute change that does not name the element; only options, optgroups and tracks
  // have one, so it is masked too (a track's "English" is no loss in a replay).
  if (name === 'label' ? tagName === null || OPTION_TAGS.has(tagName) : tagName !== null && OPTION_TAGS.has(tagName) && OPTION_COPY.has(name)) {
    if (isMasked(value)) return value;
    ctx.counts.form++;
    return maskText(value);
  }
  // An iframe's srcdoc is a whole document, unscrubbed: rrweb records the document itself
  // (same origin), which is scrubbed like any page, and its replayer ignores srcdoc anyway.
  if (name === 'srcdoc') {
    if (value !== '') ctx.counts.text++;
    return null;
  }
  if (strict && MEDIA_CONTENT.has(name) && (tagName === null ? name === 'rr_dataurl' : MEDIA_TAGS.has(tagName))) {
    ctx.counts.block++;
    return null;
  }
  // A stylesheet rrweb could not inline (cross-origin) is still needed to render the replay.
  if (URL_ATTRIBUTES.has(name)) return urlValue(ctx, value, strict && tagName !== 'link' ? urlOrigin : null);
  if (SRCSET_ATTRIBUTES.has(name)) {
    return scrubSrcset(value, (url) => urlValue(ctx, url, strict ? urlOrigin : null));
  }
  // Inline styles and inlined stylesheets: their url()s are URLs too.
  if (name === 'style' || name === '_csstext') return cssText(ctx, value);
  if (strict && !isStructural(name)) return wholeText(ctx, value);
  // Past the text cap, markup is still scanned rather than masked whole: structural values, and
  // a canvas or image inlined as a data: URL (pixels, not text).
  const markup = value.length > MAX_SCANNED_TEXT_CHARS && (name === 'rr_dataurl' || isStructural(name));
  return markup ? piiInMarkup(ctx, value) : pii(ctx, value);
}

function stringAttr(attributes: Record<string, unknown> | null, name: string): string | undefined {
  const v = attributes?.[name];
  return typeof v === 'string' ? v : undefined;
}
