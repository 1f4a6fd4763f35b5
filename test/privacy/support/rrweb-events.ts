// Reading recorded rrweb events in assertions: which node is which element, and what a field showed.

interface AnyNode {
  id?: number;
  type?: number;
  attributes?: Record<string, unknown>;
  childNodes?: AnyNode[];
}
interface AnyEvent {
  type: number;
  data: {
    source?: number;
    id?: number;
    text?: string;
    node?: AnyNode;
    adds?: Array<{ node: AnyNode }>;
    attributes?: Array<{ id: number; attributes: Record<string, unknown> }>;
  };
}

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const MUTATION = 0;
const INPUT = 5;

/** Every serialized node in the events (full snapshots and added subtrees, iframes included). */
function* allNodes(events: readonly unknown[]): Generator<AnyNode> {
  const stack: AnyNode[] = [];
  for (const e of events as AnyEvent[]) {
    if (e.type === FULL_SNAPSHOT && e.data.node) stack.push(e.data.node);
    if (e.type === INCREMENTAL && e.data.source === MUTATION) for (const add of e.data.adds ?? []) stack.push(add.node);
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    for (const child of node.childNodes ?? []) stack.push(child);
  }
}

/** rrweb ids of the elements whose `id` attribute is `elementId`. */
export function nodeIdsOf(events: readonly unknown[], elementId: string): Set<number> {
  const ids = new Set<number>();
  for (const node of allNodes(events)) if (node.attributes?.id === elementId && node.id !== undefined) ids.add(node.id);
  return ids;
}

/**
 * Every value a field showed in the recording: its `value` attribute in snapshots and
 * attribute mutations, and the text of its input events.
 */
export function inputTextsFor(events: readonly unknown[], elementId: string): string[] {
  const ids = nodeIdsOf(events, elementId);
  const texts: string[] = [];
  for (const node of allNodes(events)) {
    if (node.id !== undefined && ids.has(node.id) && typeof node.attributes?.value === 'string') texts.push(node.attributes.value);
  }
  for (const e of events as AnyEvent[]) {
    if (e.type !== INCREMENTAL) continue;
    if (e.data.source === INPUT && ids.has(e.data.id!) && typeof e.data.text === 'string') texts.push(e.data.text);
    if (e.data.source === MUTATION) {
      for (const m of e.data.attributes ?? []) if (ids.has(m.id) && typeof m.attributes.value === 'string') texts.push(m.attributes.value);
    }
  }
  return texts;
}
