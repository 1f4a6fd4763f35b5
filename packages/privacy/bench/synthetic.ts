// Synthetic rrweb events for the scrubber benchmark: ordinary shop copy, about 1 string in 100
// carrying PII, so the measured path is mostly the no-hit fast path as on real pages.

const WORDS = ['Add', 'to', 'cart', 'Free', 'shipping', 'on', 'orders', 'over', '$50', 'Size', 'M', 'Blue', 'cotton', 'shirt', 'Rated', '4.8', 'by', '1,204', 'customers', 'Ships', 'in', '2-3', 'days', 'Order', '#A-10023', '2024-01-15', 'v1.2.3', '12.50', '€', 'Welcome', 'back'];
const PII = ['jane@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', '192.168.1.20'];

function sentence(i: number): string {
  let s = '';
  const n = 3 + (i % 9);
  for (let k = 0; k < n; k++) s += (k ? ' ' : '') + WORDS[(i * 7 + k * 13) % WORDS.length];
  return i % 100 === 0 ? `${s} ${PII[(i / 100) % PII.length]}` : s;
}

type Node = Record<string, unknown>;

/** A full snapshot with about `count` nodes (elements and text), 6 children per element. */
export function syntheticSnapshot(count: number): Node {
  let id = 1;
  let made = 0;
  const build = (depth: number): Node => {
    const el: Node = { type: 2, id: id++, tagName: depth % 2 ? 'div' : 'section', attributes: { class: `c${made % 50} grid`, 'data-testid': `t${made}` }, childNodes: [] };
    made++;
    const kids = el.childNodes as Node[];
    for (let k = 0; k < 6 && made < count; k++) {
      if (depth < 4 && k % 2 === 0) kids.push(build(depth + 1));
      else if (k === 5) kids.push({ type: 2, id: id++, tagName: 'a', attributes: { href: `/products/${made}?color=blue`, class: 'link' }, childNodes: [] }), made++;
      else kids.push({ type: 3, id: id++, textContent: sentence(made++) });
    }
    return el;
  };
  const body: Node = { type: 2, id: id++, tagName: 'body', attributes: {}, childNodes: [] };
  while (made < count) (body.childNodes as Node[]).push(build(0));
  return { type: 2, timestamp: 1, data: { node: { type: 0, id: 0, childNodes: [body] }, initialOffset: { left: 0, top: 0 } } };
}

/** `count` mutation events: a few text changes, an attribute change and one added subtree each. */
export function syntheticMutations(count: number): Node[] {
  const events: Node[] = [];
  for (let i = 0; i < count; i++) {
    events.push({
      type: 3,
      timestamp: i,
      data: {
        source: 0,
        texts: [{ id: i, value: sentence(i) }, { id: i + 1, value: sentence(i + 3) }],
        attributes: [{ id: i, attributes: { class: 'open active', style: { color: 'red' } } }],
        removes: [{ parentId: 1, id: i + 2 }],
        adds: [{ parentId: 1, nextId: null, node: { type: 2, id: 100000 + i, tagName: 'li', attributes: { class: 'item' }, childNodes: [{ type: 3, id: 200000 + i, textContent: sentence(i + 7) }] } }],
      },
    });
  }
  return events;
}

/** Counts nodes in a snapshot tree. */
export function countNodes(node: Node): number {
  let n = 1;
  for (const child of (node.childNodes as Node[] | undefined) ?? []) n += countNodes(child);
  return n;
}
