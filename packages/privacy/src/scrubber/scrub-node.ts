import { isMasked, maskText } from '../mask-text.js';
import { scrubAttribute } from './attributes.js';
import { cssText, pii, piiInMarkup, wholeText, type ScrubContext } from './context.js';
import { NodeType, type SerializedNode } from './rrweb.js';
import { inlineTextGroups, maskAcross } from './split-text.js';

/** Flags inherited down a serialized tree. */
const MASK = 1; // data-veil-mask above (or strict mode without data-veil-unmask)
const IN_SCRIPT = 2;
const IN_STYLE = 4;
const IN_FORM_TEXT = 8; // text of a textarea or an option: a form value
const PARENT_TAG = IN_SCRIPT | IN_STYLE | IN_FORM_TEXT;
const EDITABLE = 32; // inside a contenteditable: what the user typed, a form value too
/** Remembered only: the node is (inside) a blocked element, so nothing under it may be sent. */
export const BLOCKED = 16;
/** Flags under which text is not PII-scanned (masked whole, CSS, script, a form value, blocked). */
const NOT_SCANNED = MASK | PARENT_TAG | EDITABLE | BLOCKED;

/** True when text under `flags` is PII-scanned (so a token split across nodes matters). */
export const isScannedText = (flags: number): boolean => (flags & NOT_SCANNED) === 0;

/** Elements whose text children are form values. */
const FORM_TEXT_TAGS = new Set(['textarea', 'option']);

const BLOCK_MARKER = 'data-veil-block';
/** What a blocked element keeps: the marker, identity for CSS, and rrweb's placeholder size. */
const BLOCK_KEEP = new Set([BLOCK_MARKER, 'id', 'class', 'rr_width', 'rr_height']);

/** The flags a node gets when nothing above it is known: strict masks, balanced does not. */
export const defaultFlags = (ctx: ScrubContext): number => (ctx.level === 'strict' ? MASK : 0);

/**
 * The flags inherited from node `id`: what the scrubber remembered of it, or the default.
 * rrweb adds each node of a new subtree as its own entry, so this is how a marker on a new
 * element reaches the text added under it.
 */
export const flagsBelow = (ctx: ScrubContext, id: unknown): number =>
  (typeof id === 'number' ? ctx.nodes.get(id) : undefined) ?? defaultFlags(ctx);

/**
 * Scrubs a serialized node tree in place (a full snapshot, an added node with its subtree, an
 * iframe document, a shadow root) as if it sat under flags `start` (see `flagsBelow`).
 * Iterative, so a hostile deeply nested tree cannot overflow the stack. Nodes whose flags
 * differ from the default are remembered, so later events inherit their marks.
 */
export function scrubNodeTree(ctx: ScrubContext, root: SerializedNode, start = defaultFlags(ctx)): void {
  const base = defaultFlags(ctx);
  const nodes: SerializedNode[] = [root];
  const flags: number[] = [start];
  // Text nodes already scanned as part of their element's inline run (see split-text.ts).
  let scanned: Set<SerializedNode> | null = null;
  while (nodes.length > 0) {
    const node = nodes.pop() as SerializedNode;
    const f = flags.pop() as number;
    if (typeof node !== 'object' || node === null) continue;
    if (node.type === NodeType.Element) {
      const childFlags = scrubElement(ctx, node, f);
      if (childFlags < 0) {
        // rrweb still observes a blocked host's shadow root: remember the block for later adds.
        if (typeof node.id === 'number') ctx.nodes.set(node.id, BLOCKED);
        continue;
      }
      remember(ctx, node, childFlags, base);
      // Personal data split across this element's inline text (see split-text.ts), before each
      // text node is scanned alone below.
      const children = node.childNodes;
      if (isScannedText(childFlags) && Array.isArray(children) && children.length > 1) {
        for (const group of inlineTextGroups(children)) {
          if (maskAcross(ctx, group)) for (const part of group) (scanned ??= new Set()).add(part);
        }
      }
      pushChildren(node, childFlags, nodes, flags);
    } else if (node.type === NodeType.Text || node.type === NodeType.Comment || node.type === NodeType.CDATA) {
      remember(ctx, node, f, base);
      if (scanned !== null && scanned.delete(node)) continue;
      if (typeof node.textContent === 'string') node.textContent = scrubText(ctx, node.textContent, node.isStyle === true, f);
    } else {
      pushChildren(node, f, nodes, flags);
    }
  }
}

/**
 * Remembers a node's flags when they differ from the default (most nodes need no entry); a
 * node moved to a default place forgets its old entry.
 */
function remember(ctx: ScrubContext, node: SerializedNode, f: number, base: number): void {
  if (typeof node.id !== 'number') return;
  if (f !== base) ctx.nodes.set(node.id, f);
  else if (ctx.nodes.has(node.id)) ctx.nodes.delete(node.id);
}

/** Scrubs a text change of node `id`, by the flags remembered for it (or the default). */
/** Scrubs a text change of node `id`, by the flags remembered for it (or `unknown` if none). */
export function scrubTextChange(ctx: ScrubContext, id: unknown, text: string, unknown: (text: string) => string): string {
  const f = typeof id === 'number' ? ctx.nodes.get(id) : undefined;
  if (f === undefined) return unknown(text);
  return (f & BLOCKED) !== 0 ? wholeText(ctx, text) : scrubText(ctx, text, false, f);
}

/** Remembers every node of a subtree that is dropped because it was added under a blocked one. */
export function rememberBlocked(ctx: ScrubContext, root: SerializedNode): void {
  const stack: SerializedNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SerializedNode;
    if (typeof node !== 'object' || node === null) continue;
    if (typeof node.id === 'number') ctx.nodes.set(node.id, BLOCKED);
    // A loop, not push(...childNodes): spreading a hostile 200,000-child list overflows the stack.
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push(child);
  }
  ctx.counts.block++;
}

function pushChildren(node: SerializedNode, f: number, nodes: SerializedNode[], flags: number[]): void {
  const children = node.childNodes;
  if (!Array.isArray(children)) return;
  for (let i = children.length - 1; i >= 0; i--) {
    nodes.push(children[i] as SerializedNode);
    flags.push(f);
  }
}

function scrubText(ctx: ScrubContext, text: string, isStyle: boolean, f: number): string {
  if ((f & IN_SCRIPT) !== 0) return wholeText(ctx, text);
  // CSS stays CSS (masking it would wreck the replay); only personal data in it is masked.
  if (isStyle || (f & IN_STYLE) !== 0) return cssText(ctx, text);
  if ((f & (IN_FORM_TEXT | EDITABLE)) !== 0) {
    if (isMasked(text)) return text;
    ctx.counts.form++;
    return maskText(text);
  }
  return (f & MASK) !== 0 ? wholeText(ctx, text) : pii(ctx, text);
}

/** Scrubs an element's attributes; returns the flags for its children, or -1 to skip them. */
function scrubElement(ctx: ScrubContext, node: SerializedNode, f: number): number {
  const tagName = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : '';
  const attrs = node.attributes;
  const hasAttrs = typeof attrs === 'object' && attrs !== null;
  if (node.needBlock === true || (hasAttrs && BLOCK_MARKER in attrs)) {
    blockElement(ctx, node);
    return -1;
  }
  let childFlags = f & ~PARENT_TAG;
  if (hasAttrs) {
    // Nearest marker wins; mask wins over unmask on the same element.
    if ('data-veil-unmask' in attrs) childFlags &= ~MASK;
    if ('data-veil-mask' in attrs) childFlags |= MASK;
    for (const name in attrs) {
      const value = attrs[name];
      if (typeof value !== 'string') continue;
      const out = scrubAttribute(ctx, tagName, attrs, name, value);
      if (out === null) delete attrs[name];
      else if (out !== value) attrs[name] = out;
    }
  }
  if (tagName === 'script') childFlags |= IN_SCRIPT;
  else if (tagName === 'style') childFlags |= IN_STYLE;
  else if (FORM_TEXT_TAGS.has(tagName)) childFlags |= IN_FORM_TEXT;
  const editable = hasAttrs ? attrs.contenteditable : undefined;
  if (typeof editable === 'string') childFlags = editable.toLowerCase() === 'false' ? childFlags & ~EDITABLE : childFlags | EDITABLE;
  return childFlags;
}

/** Enforces data-veil-block: no children, no attributes beyond the marker, id, class and size. */
function blockElement(ctx: ScrubContext, node: SerializedNode): void {
  let stripped = Array.isArray(node.childNodes) && node.childNodes.length > 0;
  if (stripped) node.childNodes = [];
  const attrs = node.attributes;
  if (typeof attrs === 'object' && attrs !== null) {
    for (const name in attrs) {
      if (BLOCK_KEEP.has(name)) continue;
      delete attrs[name];
      stripped = true;
    }
    // id and class are kept for layout CSS but still must not carry personal data.
    for (const name of ['id', 'class']) {
      const v = attrs[name];
      if (typeof v === 'string') attrs[name] = piiInMarkup(ctx, v);
    }
  }
  if (stripped) ctx.counts.block++;
}
