import { maskPii } from '../mask-pii.js';
import { isAlnum, isDigit, isSpace } from '../pii/chars.js';
import { MAX_SCANNED_TEXT_CHARS, type ScrubContext } from './context.js';
import { NodeType, type SerializedNode } from './rrweb.js';

/**
 * Personal data the DOM splits across nodes: `<span>jane</span>@<span>example.com</span>`, a
 * card number in four spans, a phone number whose groups are separate text nodes. A reader sees
 * one token; each text node alone holds none. So the text of one element's inline content (its
 * text children and the text of inline children that hold only text, in order) is scanned once
 * joined, and each node gets its slice of the mask back (masks keep lengths, so slices line up).
 *
 * The join runs only where a token can cross a boundary (see `mayJoin`): ordinary markup puts
 * spaces or punctuation around inline elements, so most elements cost one look at two chars
 * per boundary, and a joined run replaces the scans of its nodes (a snapshot scans each char
 * once either way; nodes added by a mutation were scanned alone first, so twice). Limits: one level of inline elements below one parent; nodes added in one
 * mutation event together (a node added later next to an existing one is scanned alone);
 * text changed later (a text mutation) is scanned alone.
 */

/** Inline elements whose text runs on with their siblings' text. */
const INLINE_TAGS = new Set(
  'a abbr b bdi bdo cite code data dfn em font i kbd label mark nobr q s samp small span strong sub sup time tt u var'.split(' '),
);

/** Chars that can continue an email across a boundary. */
const isEmailChar = (c: number): boolean => isAlnum(c) || c === 64 || c === 46 || c === 43 || c === 45 || c === 95 || c === 37 || c > 127;
/** '@', '.' and '%' (of %40): an email split at a boundary has one of them next to it. */
const isEmailMark = (c: number): boolean => c === 64 || c === 46 || c === 37;

/**
 * True when a token may run across the boundary between text ending in `a` and text starting
 * with `b`: an email split next to its '@' or a dot (`jane|@`, `@|example.com`), or a number
 * split between digits, or between a digit group and a space or its punctuation (`4111|1111`,
 * `4111| 1111`, `+49|30`, `(0)|30`). Words meeting words (`back|Add`) never join: no detector
 * spans a boundary between letters without one of those marks.
 */
function mayJoin(a: number, b: number): boolean {
  if (isSpace(a)) return isDigit(b) || b === 43 || b === 40;
  if (isSpace(b)) return isDigit(a) || a === 41;
  if (isEmailMark(a) || isEmailMark(b)) return isEmailChar(a) && isEmailChar(b);
  if (isDigit(a)) return isDigit(b) || b === 45 || b === 41;
  return isDigit(b) && (a === 43 || a === 45 || a === 40 || a === 41);
}

/** True for an inline element (span, b, a …) that carries no Veil marker; children not looked at. */
export function isInlineElement(node: SerializedNode): boolean {
  if (node.type !== NodeType.Element || typeof node.tagName !== 'string' || !INLINE_TAGS.has(node.tagName.toLowerCase())) return false;
  if (node.needBlock === true) return false;
  const attrs = node.attributes;
  if (typeof attrs === 'object' && attrs !== null) for (const name in attrs) if (name.startsWith('data-veil-') || name === 'contenteditable') return false;
  return true;
}

/** True for an inline element that holds only text and carries no Veil marker. */
function isInlineTextElement(node: SerializedNode): boolean {
  if (!isInlineElement(node)) return false;
  const children = node.childNodes;
  if (!Array.isArray(children)) return true;
  for (const child of children) if (typeof child !== 'object' || child === null || child.type !== NodeType.Text) return false;
  return true;
}

/**
 * Masks personal data that runs across `parts` (text nodes in reading order), writing each
 * node's slice of the mask back; answers whether it scanned them (if not, nothing could cross
 * a boundary and each node is left to be scanned alone). The parts are scanned as one string
 * with a line break at every boundary no token crosses, so a hit inside one node is found (and
 * counted) as a scan of that node alone would find it, and the nodes need no scan of their own.
 */
export function maskAcross(ctx: ScrubContext, parts: readonly SerializedNode[]): boolean {
  if (parts.length < 2) return false;
  let join = false;
  let length = 0;
  let prev = -1; // last char of the text so far
  for (const part of parts) {
    const text = part.textContent as string;
    if (text.length === 0) continue;
    if (prev !== -1 && !join) join = mayJoin(prev, text.charCodeAt(0));
    prev = text.charCodeAt(text.length - 1);
    length += text.length + 1;
  }
  if (!join || length > MAX_SCANNED_TEXT_CHARS) return false;
  let joined = '';
  prev = -1;
  for (const part of parts) {
    const text = part.textContent as string;
    if (text.length === 0) continue;
    if (prev !== -1 && !mayJoin(prev, text.charCodeAt(0))) joined += '\n';
    prev = text.charCodeAt(text.length - 1);
    joined += text;
  }
  const masked = maskPii(joined, ctx.counts);
  if (masked === joined) return true;
  let offset = 0;
  prev = -1;
  for (const part of parts) {
    const text = part.textContent as string;
    if (text.length === 0) continue;
    if (prev !== -1 && !mayJoin(prev, text.charCodeAt(0))) offset++;
    prev = text.charCodeAt(text.length - 1);
    const slice = masked.slice(offset, offset + text.length);
    if (slice !== text) part.textContent = slice;
    offset += text.length;
  }
  return true;
}

/**
 * Whether any boundary between the inline texts of `children` may join (see `mayJoin`),
 * without allocating: most elements have none, and stop here.
 */
function anyJoin(children: readonly SerializedNode[]): boolean {
  let prev = -1;
  const visit = (text: unknown): boolean => {
    if (typeof text !== 'string' || text.length === 0) return false;
    if (prev !== -1 && mayJoin(prev, text.charCodeAt(0))) return true;
    prev = text.charCodeAt(text.length - 1);
    return false;
  };
  for (const child of children) {
    if (typeof child !== 'object' || child === null || child.type === NodeType.Comment) continue;
    if (child.type === NodeType.Text) {
      if (visit(child.textContent)) return true;
    } else if (isInlineTextElement(child)) {
      for (const text of child.childNodes ?? []) if (visit(text.textContent)) return true;
    } else prev = -1;
  }
  return false;
}

/**
 * The inline text of an element's children, in groups that read as one run: text children and
 * the text of inline text-only children; any other child (a block, an image, a marked element)
 * ends a group. Comments are invisible and skipped.
 */
export function inlineTextGroups(children: readonly SerializedNode[]): SerializedNode[][] {
  if (!anyJoin(children)) return [];
  const groups: SerializedNode[][] = [];
  let group: SerializedNode[] = [];
  const end = () => {
    if (group.length > 1) groups.push(group);
    group = [];
  };
  for (const child of children) {
    if (typeof child !== 'object' || child === null || child.type === NodeType.Comment) continue;
    if (child.type === NodeType.Text) {
      if (typeof child.textContent === 'string') group.push(child);
    } else if (isInlineTextElement(child)) {
      for (const text of child.childNodes ?? []) if (typeof text.textContent === 'string') group.push(text);
    } else end();
  }
  end();
  return groups;
}
