import type { ScrubContext } from './context.js';
import { MinHeap } from './min-heap.js';
import { isObject, type JsonObject, type SerializedNode } from './rrweb.js';
import { BLOCKED, flagsBelow, rememberBlocked, scrubNodeTree } from './scrub-node.js';
import { maskAcrossAdds } from './split-text-adds.js';

/**
 * Scrubs added nodes under the flags of their parent; answers the list without the adds that
 * must not be sent. rrweb lists each node of a new subtree as its own add, usually parents
 * first; an add whose parent comes later in the same list waits for it, so a marker on a new
 * element reaches its new children either way.
 *
 * The order is that of passes over the list (each pass scrubs, in list order, every add whose
 * parent is no longer waiting), computed without the passes: re-walking the whole list once
 * per pass was quadratic for a list given children first. An add is looked at once, then once
 * more when its parent is scrubbed: it joins the current pass if it comes after the parent in
 * the list, the next one if before. Adds caught in a cycle (a hostile batch) get the default flags.
 */
export function scrubAdds(ctx: ScrubContext, list: unknown): unknown {
  // rrweb sends `adds: []` with every text or attribute mutation: nothing to allocate for.
  if (!Array.isArray(list) || list.length === 0) return list;
  const adds = list.filter((add): add is JsonObject => isObject(add) && isObject(add.node));
  const nodeOf = (i: number) => (adds[i] as JsonObject).node as unknown as SerializedNode;
  const unscrubbed = new Set<unknown>(adds.map((add, i) => nodeOf(i).id));
  let waiters: Map<unknown, number[]> | null = null; // parent id → indexes of adds waiting for it (rare)
  const dropped = new Set<JsonObject>();
  /** Scrubs add `i` unless it must wait; answers the adds that waited for it. */
  const visit = (i: number): number[] | undefined => {
    const add = adds[i] as JsonObject;
    const node = nodeOf(i);
    if (unscrubbed.has(add.parentId) && add.parentId !== node.id) {
      waiters ??= new Map();
      const list = waiters.get(add.parentId);
      if (list) list.push(i);
      else waiters.set(add.parentId, [i]);
      return undefined;
    }
    const flags = flagsBelow(ctx, add.parentId);
    // rrweb lets nodes through under a blocked host's shadow root (it checks ancestors only
    // up to the shadow root): nothing added under a blocked element is sent.
    if ((flags & BLOCKED) !== 0) {
      rememberBlocked(ctx, node);
      dropped.add(add);
    } else {
      scrubNodeTree(ctx, node, flags);
    }
    unscrubbed.delete(node.id);
    const released = waiters?.get(node.id);
    if (released) waiters?.delete(node.id);
    return released;
  };
  // First pass: every add in list order. An add released here came earlier in the list (it
  // waited when it was visited), so it belongs to the next pass.
  let nextPass: number[] = [];
  for (let i = 0; i < adds.length; i++) {
    // A loop, not push(...released): a hostile list can hang 100,000 adds on one parent.
    for (const w of visit(i) ?? []) nextPass.push(w);
  }
  // Later passes (only lists with children before parents get here): in list order, joined by
  // the adds released after their parent in the same pass.
  const pass = nextPass.length > 0 ? new MinHeap() : null;
  while (pass !== null && nextPass.length > 0) {
    for (const w of nextPass) pass.push(w);
    nextPass = [];
    for (let i = pass.pop(); i !== undefined; i = pass.pop()) {
      for (const w of visit(i) ?? []) {
        if (w > i) pass.push(w);
        else nextPass.push(w);
      }
    }
  }
  // Whatever still waits is in a cycle: scrub it with the default flags, in list order.
  const left = waiters as Map<unknown, number[]> | null; // set in visit(), which TypeScript does not follow
  if (left !== null && left.size > 0) {
    const stuck = [...left.values()].flat().sort((a, b) => a - b);
    for (const i of stuck) scrubNodeTree(ctx, nodeOf(i));
  }
  // Personal data split across the inline text of nodes added together (see split-text.ts).
  const kept = dropped.size === 0 ? adds : adds.filter((add) => !dropped.has(add));
  maskAcrossAdds(ctx, kept);
  return dropped.size === 0 ? list : list.filter((add) => !dropped.has(add as JsonObject));
}
