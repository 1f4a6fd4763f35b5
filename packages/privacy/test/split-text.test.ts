import { describe, expect, it } from 'vitest';
import { createScrubber } from '../src/index.js';

type Node = Record<string, unknown>;
let nextId = 100;
const text = (textContent: string): Node => ({ type: 3, id: nextId++, textContent });
const el = (tagName: string, childNodes: Node[] = [], attributes: Record<string, string> = {}): Node => ({ type: 2, id: nextId++, tagName, attributes, childNodes });
const snapshot = (body: Node) => ({ type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: [body] } } });

/** rrweb's form: every node of the new subtree as its own add, with its parent and next sibling. */
function addsOf(parentId: number, roots: Node[]) {
  const adds: Array<{ parentId: number; nextId: number | null; node: Node }> = [];
  const walk = (pid: number, list: Node[]) => {
    list.forEach((node, i) => {
      const next = list[i + 1];
      adds.push({ parentId: pid, nextId: next ? (next.id as number) : null, node: { ...node, childNodes: [] } });
      walk(node.id as number, (node.childNodes as Node[] | undefined) ?? []);
    });
  };
  walk(parentId, roots);
  // rrweb does not promise parents first; children first is the hard order.
  return { type: 3, timestamp: 1, data: { source: 0, texts: [], attributes: [], removes: [], adds: adds.reverse() } };
}

const CASES: Array<{ name: string; secret: RegExp; children: () => Node[]; kept: string }> = [
  { name: 'an email across spans', secret: /ollie|quist\.example/, kept: 'Write to', children: () => [text('Write to '), el('span', [text('ollie')]), text('@'), el('b', [text('quist.example')]), text(' today')] },
  { name: 'a card in four spans', secret: /5555|4444/, kept: 'Card', children: () => [text('Card '), ...['5555', '5555', '5555', '4444'].map((g) => el('span', [text(g)]))] },
  { name: 'a phone in pieces with no-break spaces', secret: /7946|0958/, kept: 'Phone:', children: () => [text('Phone: '), el('span', [text('+44')]), text('\u00a0'), el('span', [text('20')]), text('\u00a0'), el('span', [text('7946')]), text('\u00a0'), el('span', [text('0958')])] },
  { name: 'an email in sibling text nodes', secret: /mara|orbit\.example/, kept: 'Signed in as', children: () => [text('Signed in as '), text('mara'), text('@orbit'), text('.example')] },
];

describe('personal data split across inline nodes', () => {
  for (const c of CASES) {
    it(`${c.name}: masked in a full snapshot`, () => {
      const event = snapshot(el('p', c.children()));
      const scrubber = createScrubber();
      scrubber.scrubEvent(event);
      const out = JSON.stringify(event);
      expect(out).not.toMatch(c.secret);
      expect(out).toContain(c.kept);
    });

    it(`${c.name}: masked when added by one mutation (children listed first)`, () => {
      const event = addsOf(1, [el('p', c.children())]);
      createScrubber().scrubEvent(event);
      const out = JSON.stringify(event);
      expect(out).not.toMatch(c.secret);
      expect(out).toContain(c.kept);
    });
  }

  it('counts a split hit once and leaves ordinary inline markup alone', () => {
    const event = snapshot(el('div', [
      el('p', [text('Read our '), el('a', [text('terms')]), text(' and '), el('em', [text('privacy')]), text(' pages.')]),
      el('p', [text('Order '), el('b', [text('#A-10023')]), text(' ships in '), el('span', [text('2-3')]), text(' days')]),
      el('p', [el('span', [text('jo')]), text('@'), el('span', [text('x.co')])]),
    ]));
    const scrubber = createScrubber();
    scrubber.scrubEvent(event);
    const out = JSON.stringify(event);
    expect(out).toContain('Read our ');
    expect(out).toContain('#A-10023');
    expect(scrubber.counts.email).toBe(1);
  });

  it('a block element between parts breaks the run, a data-veil-mask span is not joined', () => {
    const event = snapshot(el('div', [text('4111 1111'), el('div', [text('x')]), text('1111 1111')]));
    createScrubber().scrubEvent(event);
    expect(JSON.stringify(event)).toContain('4111 1111');
    const masked = snapshot(el('p', [el('span', [text('jo')], { 'data-veil-mask': '' }), text('@x.co')]));
    createScrubber().scrubEvent(masked);
    expect(JSON.stringify(masked)).toContain('"**"');
  });
});
