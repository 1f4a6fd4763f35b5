import type { ScrubContext } from './context.js';
import type { JsonObject, SerializedNode } from './rrweb.js';
import { NodeType } from './rrweb.js';
import { flagsBelow, isScannedText } from './scrub-node.js';
import { isInlineElement, maskAcross } from './split-text.js';

interface Added {
  node: SerializedNode;
  nextId: unknown;
}

/**
 * `maskAcross` for nodes added by one mutation, after each was scrubbed: rrweb lists every node
 * of a new subtree as its own add, so the inline text of one parent is put back together from
 * the adds under it, in sibling order (each add names its next sibling). A sibling that was not
 * added in this event breaks the run (its text is not in the event). Linear in the adds.
 */
export function maskAcrossAdds(ctx: ScrubContext, adds: readonly JsonObject[]): void {
  // A split token needs two pieces of text: most mutations (and deep element chains) stop here.
  let texts = 0;
  for (const add of adds) if ((add.node as SerializedNode).type === NodeType.Text && ++texts === 2) break;
  if (texts < 2) return;
  const byParent = new Map<unknown, Added[]>();
  const elements = new Map<unknown, SerializedNode>(); // added elements by id
  for (const add of adds) {
    const node = add.node as SerializedNode;
    if (node.type === NodeType.Element) elements.set(node.id, node);
    const list = byParent.get(add.parentId);
    if (list) list.push({ node, nextId: add.nextId });
    else byParent.set(add.parentId, [{ node, nextId: add.nextId }]);
  }
  /** The added text of an added inline element holding only text, in order; null otherwise. */
  const inlineText = (id: unknown): Added[] | null => {
    const node = elements.get(id);
    if (node === undefined || !isInlineElement(node)) return null;
    const children = byParent.get(id);
    if (children === undefined) return [];
    for (const child of children) if (child.node.type !== NodeType.Text) return null;
    const runs = siblingRuns(children);
    return runs.length === 1 ? (runs[0] as Added[]) : null;
  };
  for (const [parentId, list] of byParent) {
    // An inline element's text is read with its parent's run, not as a run of its own.
    if (list.length === 1 && elements.has(parentId) && list[0]?.node.type === NodeType.Text && inlineText(parentId) !== null) continue;
    if (!isScannedText(flagsBelow(ctx, parentId))) continue;
    for (const run of siblingRuns(list)) {
      if (run.length < 2 && run[0]?.node.type === NodeType.Text) continue;
      let parts: SerializedNode[] = [];
      for (const sibling of run) {
        const node = sibling.node;
        if (node.type === NodeType.Comment) continue;
        const text = node.type === NodeType.Element && isScannedText(flagsBelow(ctx, node.id)) ? inlineText(node.id) : null;
        if (node.type === NodeType.Text) {
          if (typeof node.textContent === 'string') parts.push(node);
        } else if (text !== null) {
          for (const child of text) if (typeof child.node.textContent === 'string') parts.push(child.node);
        } else {
          maskAcross(ctx, parts);
          parts = [];
        }
      }
      maskAcross(ctx, parts);
    }
  }
}

/**
 * Splits siblings into runs in document order, following `nextId` links among them. Linear;
 * siblings caught in a cycle (a hostile event) are left out.
 */
function siblingRuns(siblings: readonly Added[]): Added[][] {
  if (siblings.length < 2) return siblings.length === 0 ? [] : [siblings as Added[]];
  const byId = new Map<unknown, Added>();
  for (const s of siblings) byId.set(s.node.id, s);
  const pointedTo = new Set<unknown>();
  for (const s of siblings) if (byId.has(s.nextId) && s.nextId !== s.node.id) pointedTo.add(s.nextId);
  const runs: Added[][] = [];
  const seen = new Set<Added>();
  for (const head of siblings) {
    if (pointedTo.has(head.node.id)) continue;
    const run: Added[] = [];
    for (let s: Added | undefined = head; s !== undefined && !seen.has(s); s = byId.get(s.nextId)) {
      seen.add(s);
      run.push(s);
    }
    runs.push(run);
  }
  return runs;
}
