import { isMasked, maskText } from '../mask-text.js';
import { scrubAttribute } from './attributes.js';
import { pii, wholeText, type ScrubContext } from './context.js';
import { NodeType, type SerializedNode } from './rrweb.js';

/** Flags inherited down a serialized tree. */
const MASK = 1; // data-veil-mask above (or strict mode without data-veil-unmask)
const IN_SCRIPT = 2;
const IN_STYLE = 4;
const IN_TEXTAREA = 8;
const PARENT_TAG = IN_SCRIPT | IN_STYLE | IN_TEXTAREA;

const BLOCK_MARKER = 'data-veil-block';
/** What a blocked element keeps: the marker, identity for CSS, and rrweb's placeholder size. */
const BLOCK_KEEP = new Set([BLOCK_MARKER, 'id', 'class', 'rr_width', 'rr_height']);

/**
 * Scrubs a serialized node tree in place (a full snapshot, an added node with its subtree, an
 * iframe document, a shadow root). Iterative, so a hostile deeply nested tree cannot overflow
 * the stack. Markers only apply within this tree: the scrubber keeps no memory between events.
 */
export function scrubNodeTree(ctx: ScrubContext, root: SerializedNode): void {
  const nodes: SerializedNode[] = [root];
  const flags: number[] = [ctx.level === 'strict' ? MASK : 0];
  while (nodes.length > 0) {
    const node = nodes.pop() as SerializedNode;
    const f = flags.pop() as number;
    if (typeof node !== 'object' || node === null) continue;
    if (node.type === NodeType.Element) {
      const childFlags = scrubElement(ctx, node, f);
      if (childFlags < 0) continue;
      pushChildren(node, childFlags, nodes, flags);
    } else if (node.type === NodeType.Text || node.type === NodeType.Comment || node.type === NodeType.CDATA) {
      if (typeof node.textContent === 'string') node.textContent = scrubText(ctx, node, f);
    } else {
      pushChildren(node, f, nodes, flags);
    }
  }
}

function pushChildren(node: SerializedNode, f: number, nodes: SerializedNode[], flags: number[]): void {
  const children = node.childNodes;
  if (!Array.isArray(children)) return;
  for (let i = children.length - 1; i >= 0; i--) {
    nodes.push(children[i] as SerializedNode);
    flags.push(f);
  }
}

function scrubText(ctx: ScrubContext, node: SerializedNode, f: number): string {
  const text = node.textContent as string;
  if ((f & IN_SCRIPT) !== 0) return wholeText(ctx, text);
  // CSS stays CSS (masking it would wreck the replay); only personal data in it is masked.
  if (node.isStyle === true || (f & IN_STYLE) !== 0) return pii(ctx, text);
  if ((f & IN_TEXTAREA) !== 0) {
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
  else if (tagName === 'textarea') childFlags |= IN_TEXTAREA;
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
      if (typeof v === 'string') attrs[name] = pii(ctx, v);
    }
  }
  if (stripped) ctx.counts.block++;
}
