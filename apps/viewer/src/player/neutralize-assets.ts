import type { ReplayEvent } from '../api.js';
import type { AssetPolicy } from './asset-policy.js';
import { neutralizeCss } from './neutralize-css.js';
import { placeholderImage } from './placeholder.js';

/** rrweb's EventType and IncrementalSource values rewritten here (from @rrweb/types). */
const EVENT = { FullSnapshot: 2, Incremental: 3 } as const;
const SOURCE = { Mutation: 0, StyleSheetRule: 8, CanvasMutation: 9, StyleDeclaration: 13, AdoptedStyleSheet: 15 } as const;
const NODE = { Element: 2, Text: 3 } as const;

/** Attributes whose value is one URL the browser fetches on its own. */
const FETCHED_URL = new Set(['src', 'poster', 'background', 'lowsrc', 'dynsrc', 'codebase', 'archive', 'rr_dataurl']);
/** Attributes that list URLs with descriptors. */
const URL_LISTS = new Set(['srcset', 'imagesrcset']);
/** Attributes whose value is CSS (SVG presentation attributes take `url(…)` too). */
const CSS_VALUED = new Set(['style', '_csstext', 'fill', 'stroke', 'filter', 'mask', 'clip-path', 'marker-start', 'marker-mid', 'marker-end', 'cursor']);
/** Where an unloaded source becomes a placeholder box rather than nothing. */
const PLACEHOLDER_ATTRIBUTE: Record<string, string> = { img: 'src', input: 'src', video: 'poster' };

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
}

/**
 * Rewrites recorded rrweb events, before the Replayer sees them, so the replay fetches nothing
 * from hosts the policy does not allow (by default: any host): image sources become same-size
 * placeholders, media, srcsets, link hrefs, object data and nested documents are dropped, and
 * every piece of CSS (style elements and attributes, inserted rules, adopted sheets, style
 * declarations) loses its `url()`s and `@import`s. Events are rewritten in place (they were just
 * parsed for this replay); one instance follows one recording, because mutations name their
 * nodes by id only.
 */
export class AssetNeutralizer {
  /** Tag of every element seen, by id: attribute mutations do not say which element they hit. */
  private readonly tags = new Map<number, string>();
  /** Text nodes inside a `<style>`: their text is CSS. */
  private readonly styleTexts = new Set<number>();
  private readonly css: (text: string) => string;

  constructor(private readonly policy: AssetPolicy) {
    this.css = (text) => neutralizeCss(text, (url) => policy.allows(url));
  }

  event(e: ReplayEvent): ReplayEvent {
    const data = e.data as Record<string, any> | null;
    if (!data || typeof data !== 'object') return e;
    if (e.type === EVENT.FullSnapshot) {
      this.tags.clear();
      this.styleTexts.clear();
      if (isNode(data.node)) this.tree(data.node, '');
    } else if (e.type === EVENT.Incremental) {
      this.incremental(data);
    }
    return e;
  }

  private incremental(data: Record<string, any>): void {
    switch (data.source) {
      case SOURCE.Mutation:
        for (const add of list(data.adds)) if (isNode(add?.node)) this.tree(add.node, this.tags.get(add.parentId) ?? '');
        for (const change of list(data.attributes)) this.attributeChange(change);
        for (const text of list(data.texts)) {
          if (this.styleTexts.has(text?.id) && typeof text.value === 'string') text.value = this.css(text.value);
        }
        break;
      case SOURCE.StyleSheetRule:
        for (const add of list(data.adds)) if (typeof add?.rule === 'string') add.rule = this.css(add.rule);
        if (typeof data.replace === 'string') data.replace = this.css(data.replace);
        if (typeof data.replaceSync === 'string') data.replaceSync = this.css(data.replaceSync);
        break;
      case SOURCE.StyleDeclaration:
        if (typeof data.set?.value === 'string') data.set.value = this.css(data.set.value);
        break;
      case SOURCE.AdoptedStyleSheet:
        for (const sheet of list(data.styles)) for (const rule of list(sheet?.rules)) if (typeof rule?.rule === 'string') rule.rule = this.css(rule.rule);
        break;
      case SOURCE.CanvasMutation:
        this.canvasImages(data, 0);
        break;
    }
  }

  /** A serialized subtree (a snapshot or an added node), without recursion: snapshots nest deep. */
  private tree(root: SerializedNode, parentTag: string): void {
    const stack: Array<[SerializedNode, string]> = [[root, parentTag]];
    while (stack.length) {
      const [node, parent] = stack.pop()!;
      let tag = parent;
      if (node.type === NODE.Element && typeof node.tagName === 'string') {
        tag = node.tagName.toLowerCase();
        this.tags.set(node.id, tag);
        if (node.attributes && typeof node.attributes === 'object') this.attributes(tag, node.attributes);
      } else if (node.type === NODE.Text && (parent === 'style' || node.isStyle === true)) {
        this.styleTexts.add(node.id);
        if (typeof node.textContent === 'string') node.textContent = this.css(node.textContent);
      }
      for (const child of list(node.childNodes)) if (isNode(child)) stack.push([child, tag]);
    }
  }

  private attributes(tag: string, attrs: Record<string, unknown>): void {
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (typeof value !== 'string') continue;
      const out = this.attribute(tag, name.toLowerCase(), value, attrs);
      if (out === null) delete attrs[name];
      else attrs[name] = out;
    }
  }

  /** One attribute change of a mutation: string values as on elements, style diffs value by value. */
  private attributeChange(change: { id?: unknown; attributes?: Record<string, unknown> } | null): void {
    const attrs = change?.attributes;
    if (!attrs || typeof attrs !== 'object') return;
    const tag = this.tags.get(change.id as number) ?? '';
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (typeof value === 'string') {
        const out = this.attribute(tag, name.toLowerCase(), value, attrs);
        // null removes the attribute in a replayed mutation.
        attrs[name] = out;
      } else if (name === 'style' && value && typeof value === 'object') {
        const diff = value as Record<string, unknown>;
        for (const prop of Object.keys(diff)) {
          const v = diff[prop];
          if (typeof v === 'string') diff[prop] = this.css(v);
          else if (Array.isArray(v) && typeof v[0] === 'string') v[0] = this.css(v[0]);
        }
      }
    }
  }

  /** The value an attribute keeps: itself, a rewritten one, or null (removed). */
  private attribute(tag: string, name: string, value: string, attrs: Record<string, unknown>): string | null {
    if (CSS_VALUED.has(name)) return this.css(value);
    if (FETCHED_URL.has(name) || (name === 'data' && tag === 'object')) {
      if (this.policy.allows(value)) return value;
      // An image the recorder inlined (rrweb's inlineImages) shows as recorded, without a request.
      const inlined = attrs.rr_dataURL;
      if (tag === 'img' && name === 'src' && typeof inlined === 'string' && /^data:/i.test(inlined)) return inlined;
      return PLACEHOLDER_ATTRIBUTE[tag] === name && name !== 'rr_dataurl' ? placeholderImage(attrs) : null;
    }
    if (URL_LISTS.has(name)) return srcsetUrls(value).every((url) => this.policy.allows(url)) ? value : null;
    if (name === 'href' || name === 'xlink:href') {
      // Links load on a click, which the replay never passes on; everything else with an href loads.
      if (tag === 'a' || tag === 'area') return value;
      return this.policy.allows(value) ? value : null;
    }
    // A nested document's own markup, and headers in markup (refresh, a referrer policy) that
    // would navigate or send a Referer: the replay needs none of them.
    if (name === 'srcdoc') return null;
    if (tag === 'meta' && (name === 'http-equiv' || (name === 'name' && value.trim().toLowerCase() === 'referrer'))) return null;
    return value;
  }

  /** Images drawn into canvases (`{ rr_type: 'HTMLImageElement', src }` in a canvas mutation's args). */
  private canvasImages(value: unknown, depth: number): void {
    if (!value || typeof value !== 'object' || depth > 8) return;
    const o = value as Record<string, unknown>;
    if (o.rr_type === 'HTMLImageElement' && typeof o.src === 'string' && !this.policy.allows(o.src)) o.src = placeholderImage({});
    for (const key of Object.keys(o)) this.canvasImages(o[key], depth + 1);
  }
}

function isNode(value: unknown): value is SerializedNode {
  return !!value && typeof value === 'object' && typeof (value as SerializedNode).type === 'number';
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The URLs of a srcset (`a.png 1x, data:image/png;base64,… 2x`): each candidate's first run of non-space, trailing commas aside. */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && (/\s/.test(srcset[i]!) || srcset[i] === ',')) i++;
    const start = i;
    while (i < srcset.length && !/\s/.test(srcset[i]!)) i++;
    let url = srcset.slice(start, i);
    const trailingCommas = /,+$/.exec(url);
    if (trailingCommas) url = url.slice(0, -trailingCommas[0].length);
    else while (i < srcset.length && srcset[i] !== ',') i++; // descriptors
    if (url) urls.push(url);
  }
  return urls;
}
