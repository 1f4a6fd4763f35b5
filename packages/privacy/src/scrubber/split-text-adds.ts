import type { ScrubContext } from './context.js';
import type { JsonObject, SerializedNode } from './rrweb.js';
import { NodeType } from './rrweb.js';
import { flagsBelow, isScannedText } from './scrub-node.js';
import { isInlineTextElement, maskAcross } from './split-text.js';

interface Added {
  node: SerializedNode;
  parentId: unknown;
  nextId: unknown;
}

/**
 * `maskAcross` for nodes added by one mutation, after each was scrubbed: rrweb lists every node
 * of a new subtree as its own add, so the inline text of one parent is put back together from
 * the adds under it, in sibling order (each add names its next sibling). A sibling that was not
 * added in this event breaks the run (its text is not in the event).
 */
export function maskAcrossAdds(ctx: ScrubContext, adds: readonly JsonObject[]): void {
  if (adds.length < 2) return;
  const byParent = new Map<unknown, Added[]>();
  const byId = new Map<unknown, Added>();
  for (const add of adds) {
    const node = add.node as SerializedNode;
    const added: Added = { node, parentId: add.parentId, nextId: add.nextId };
    if (typeof node.id === 'number') byId.set(node.id, added);
    const list = byParent.get(add.parentId);
    if (list) list.push(added);
    else byParent.set(add.parentId, [added]);
  }
  for (const [parentId, list] of byParent) {
    // An inline element's text is read with its parent's run, not as a run of its own.
    const parent = byId.get(parentId);
    if (parent && inlineParent(parent, byParent)) continue;
    if (!isScannedText(flagsBelow(ctx, parentId))) continue;
    for (const run of siblingRuns(list)) {
      let parts: SerializedNode[] = [];
      for (const sibling of run) {
        const node = sibling.node;
        if (node.type === NodeType.Comment) continue;
        if (node.type === NodeType.Text && typeof node.textContent === 'string') {
          parts.push(node);
        } else if (inlineParent(sibling, byParent) && isScannedText(flagsBelow(ctx, node.id))) {
          for (const child of siblingRuns(byParent.get(node.id) ?? [])[0] ?? []) {
            if (typeof child.node.textContent === 'string') parts.push(child.node);
          }
        } else {
          maskAcross(ctx, parts);
          parts = [];
        }
      }
      maskAcross(ctx, parts);
    }
  }
}

/** True for an added inline element whose added children are all text (at most one run). */
function inlineParent(added: Added, byParent: Map<unknown, Added[]>): boolean {
  if (!isInlineTextElement({ ...added.node, childNodes: [] })) return false;
  const children = byParent.get(added.node.id) ?? [];
  return children.every((c) => c.node.type === NodeType.Text) && siblingRuns(children).length <= 1;
}

/**
 * Splits siblings into runs in document order, following `nextId` links among them. Linear;
 * siblings caught in a cycle (a hostile event) are left out.
 */
function siblingRuns(siblings: readonly Added[]): Added[][] {
  if (siblings.length === 0) return [];
  if (siblings.length === 1) return [[siblings[0] as Added]];
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
