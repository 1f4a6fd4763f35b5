import { scrubUrl } from '../url/scrub-url.js';
import { scrubAttribute } from './attributes.js';
import { cssText, pii, unknownFormValue, unknownText, type ScrubContext } from './context.js';
import { isObject, Source, type JsonObject } from './rrweb.js';
import { scrubAdds } from './scrub-adds.js';
import { BLOCKED, flagsBelow, scrubTextChange } from './scrub-node.js';
import { scrubStrings } from './scrub-strings.js';

/** Scrubs the `data` of an IncrementalSnapshot event in place. */
export function scrubIncremental(ctx: ScrubContext, data: JsonObject): void {
  switch (data.source) {
    case Source.Mutation:
      return scrubMutation(ctx, data);
    case Source.Input:
      // The server cannot tell which field this was, so every value is treated as a form value.
      if (typeof data.text === 'string') data.text = unknownFormValue(ctx, data.text);
      return;
    case Source.StyleSheetRule:
      forEachObject(data.adds, (add) => scrubKey(ctx, add, 'rule'));
      scrubKey(ctx, data, 'replace');
      scrubKey(ctx, data, 'replaceSync');
      return;
    case Source.StyleDeclaration:
      if (isObject(data.set)) scrubKey(ctx, data.set, 'value');
      return;
    case Source.AdoptedStyleSheet:
      forEachObject(data.styles, (style) => forEachObject(style.rules, (rule) => scrubKey(ctx, rule, 'rule')));
      return;
    case Source.Font:
      scrubKey(ctx, data, 'fontSource');
      return;
    case Source.CanvasMutation:
    case Source.Log:
      // fillText arguments, console messages and stack traces can hold anything.
      return scrubPayload(ctx, data);
    default:
      // Pointer, scroll, viewport, media and selection events carry only ids and numbers from
      // rrweb; a string there came from a client that is not rrweb, so scan it anyway (the walk
      // over a few numbers costs next to nothing).
      return scrubPayload(ctx, data);
  }
}

function scrubMutation(ctx: ScrubContext, data: JsonObject): void {
  forEachObject(data.removes, (r) => {
    if (typeof r.id === 'number') ctx.nodes.delete(r.id);
  });
  forEachObject(data.texts, (t) => {
    if (typeof t.value === 'string') t.value = scrubTextChange(ctx, t.id, t.value, (text) => unknownText(ctx, text));
  });
  if (Array.isArray(data.attributes) && data.attributes.length > 0 && ctx.nodes.size > 0) {
    // Attribute changes inside a blocked element are not sent at all (and counted: a change).
    const blocked = (m: unknown) => isObject(m) && (flagsBelow(ctx, m.id) & BLOCKED) !== 0;
    if (data.attributes.some(blocked)) {
      const kept = data.attributes.filter((m) => !blocked(m));
      ctx.counts.block += data.attributes.length - kept.length;
      data.attributes = kept;
    }
  }
  forEachObject(data.attributes, (m) => {
    const attrs = m.attributes;
    if (!isObject(attrs)) return;
    for (const name in attrs) {
      const value = attrs[name];
      if (typeof value === 'string') {
        const out = scrubAttribute(ctx, null, null, name, value);
        if (out !== value) attrs[name] = out;
      } else if (isObject(value)) {
        // A style diff: { prop: value | [value, priority] | false }.
        scrubStrings(value, (s) => cssText(ctx, s));
      }
    }
  });
  if (Array.isArray(data.adds)) data.adds = scrubAdds(ctx, data.adds);
}

/** Scrubs every string in an arbitrary payload; URL-named keys get URL scrubbing. */
export function scrubPayload(ctx: ScrubContext, payload: JsonObject): void {
  scrubStrings(payload, (s, isUrl) => {
    if (!isUrl) return pii(ctx, s);
    const out = scrubUrl(s, ctx.allowlist, ctx.counts);
    if (out !== s) ctx.counts.url++;
    return out;
  });
}

/** Scrubs CSS (a rule, a declaration, a font source) kept at `obj[key]`: its URLs and PII. */
function scrubKey(ctx: ScrubContext, obj: JsonObject, key: string): void {
  const v = obj[key];
  if (typeof v === 'string') obj[key] = cssText(ctx, v);
}

function forEachObject(list: unknown, fn: (item: JsonObject) => void): void {
  if (!Array.isArray(list)) return;
  for (const item of list) if (isObject(item)) fn(item);
}
