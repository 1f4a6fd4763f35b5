import { describe, expect, it } from 'vitest';
import { createScrubber } from '../src/index.js';

interface AnyNode {
  type: number;
  id: number;
  tagName?: string;
  textContent?: string;
  isShadow?: boolean;
  attributes?: Record<string, unknown>;
  childNodes?: AnyNode[];
}
type Add = { parentId: number; nextId: number | null; node: AnyNode };

const el = (id: number, tagName: string, attributes: Record<string, unknown> = {}, childNodes: AnyNode[] = []): AnyNode => ({ type: 2, id, tagName, attributes, childNodes });
const text = (id: number, textContent: string): AnyNode => ({ type: 3, id, textContent });
const snapshot = (body: AnyNode[]) => ({
  type: 2,
  timestamp: 1,
  data: { node: { type: 0, id: 1, childNodes: [el(2, 'html', {}, [el(3, 'body', {}, body)])] }, initialOffset: { top: 0, left: 0 } },
});
const mutation = (data: { adds?: Add[]; texts?: { id: number; value: string }[]; attributes?: { id: number; attributes: Record<string, unknown> }[]; removes?: { parentId: number; id: number }[] }) => ({
  type: 3,
  timestamp: 2,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data },
});

describe('marks reach nodes that later events add (rrweb adds each node of a subtree on its own)', () => {
  it('strict: text added under a data-veil-unmask element from the snapshot is shown, PII-masked', () => {
    const scrubber = createScrubber({ level: 'strict' });
    scrubber.scrubEvent(snapshot([el(10, 'div', { 'data-veil-unmask': '' }), el(11, 'div')]));
    const e = mutation({ adds: [{ parentId: 10, nextId: null, node: text(20, 'Total 12 EUR, mail a@b.co') }, { parentId: 11, nextId: null, node: text(21, 'Hello Jane') }] });
    scrubber.scrubEvent(e);
    expect(e.data.adds.map((a) => a.node.textContent)).toEqual(['Total 12 EUR, mail ******', '***** ****']);
  });

  it('strict: an unmasked element and its text added in one event, children before parents too', () => {
    const scrubber = createScrubber({ level: 'strict' });
    const e = mutation({
      adds: [
        { parentId: 30, nextId: null, node: text(31, 'Order shipped') },
        { parentId: 3, nextId: null, node: el(30, 'p', { 'data-veil-unmask': '' }) },
        { parentId: 3, nextId: null, node: el(32, 'p') },
        { parentId: 32, nextId: null, node: text(33, 'Jane Doe') },
      ],
    });
    scrubber.scrubEvent(e);
    expect(e.data.adds.map((a) => a.node.textContent)).toEqual(['Order shipped', undefined, undefined, '**** ***']);
  });

  it('strict: a text change of an unmasked text node is shown; of an unknown one, masked', () => {
    const scrubber = createScrubber({ level: 'strict' });
    scrubber.scrubEvent(snapshot([el(10, 'p', { 'data-veil-unmask': '' }, [text(12, '3 items')])]));
    const e = mutation({ texts: [{ id: 12, value: '4 items' }, { id: 99, value: 'Hello Jane' }] });
    scrubber.scrubEvent(e);
    expect(e.data.texts).toEqual([{ id: 12, value: '4 items' }, { id: 99, value: '***** ****' }]);
  });

  it('balanced: text added and changed later under data-veil-mask is masked', () => {
    const scrubber = createScrubber({ level: 'balanced' });
    scrubber.scrubEvent(snapshot([el(10, 'section', { 'data-veil-mask': '' }, [text(12, 'Jane Doe')])]));
    const e = mutation({ adds: [{ parentId: 10, nextId: null, node: el(20, 'p', {}, [text(21, 'Added Jane')]) }], texts: [{ id: 12, value: 'Changed Jane' }] });
    scrubber.scrubEvent(e);
    expect(e.data.adds[0]?.node.childNodes?.[0]?.textContent).toBe('***** ****');
    expect(e.data.texts).toEqual([{ id: 12, value: '******* ****' }]);
  });

  it('forgets removed nodes and everything at the next full snapshot', () => {
    const scrubber = createScrubber({ level: 'balanced' });
    scrubber.scrubEvent(snapshot([el(10, 'section', { 'data-veil-mask': '' }, [text(12, 'Jane Doe')]), el(13, 'div', { 'data-veil-mask': '' })]));
    scrubber.scrubEvent(mutation({ removes: [{ parentId: 10, id: 12 }] }));
    scrubber.scrubEvent(snapshot([el(10, 'section')]));
    const e = mutation({ texts: [{ id: 12, value: 'Jane Doe' }], adds: [{ parentId: 13, nextId: null, node: text(20, 'Hello') }] });
    scrubber.scrubEvent(e);
    expect(e.data.texts).toEqual([{ id: 12, value: 'Jane Doe' }]);
    expect(e.data.adds[0]?.node.textContent).toBe('Hello');
  });
});

describe('data-veil-block reaches what rrweb lets through (shadow roots of a blocked host)', () => {
  it('drops nodes added under a blocked element, and attribute and text changes inside it', () => {
    const scrubber = createScrubber({ level: 'balanced' });
    scrubber.scrubEvent(snapshot([el(10, 'div', { 'data-veil-block': '', rr_width: '100px', rr_height: '20px' }), el(11, 'p')]));
    const e = mutation({
      adds: [
        { parentId: 10, nextId: null, node: { ...el(20, 'p'), isShadow: true } },
        { parentId: 20, nextId: null, node: text(21, 'Jane Doe') },
        { parentId: 11, nextId: null, node: text(22, 'Ordinary text') },
      ],
      attributes: [{ id: 10, attributes: { title: 'Jane' } }, { id: 11, attributes: { class: 'open' } }],
    });
    scrubber.scrubEvent(e);
    expect(e.data.adds).toEqual([{ parentId: 11, nextId: null, node: text(22, 'Ordinary text') }]);
    expect(e.data.attributes).toEqual([{ id: 11, attributes: { class: 'open' } }]);
    const later = mutation({ texts: [{ id: 21, value: 'Jane Q. Doe' }] });
    scrubber.scrubEvent(later);
    expect(later.data.texts).toEqual([{ id: 21, value: '**** ** ***' }]);
    expect(scrubber.counts.block).toBeGreaterThan(0);
  });
});

describe('select options', () => {
  it('masks an option label attribute like its text (a form value)', () => {
    const e = snapshot([el(10, 'select', {}, [el(11, 'option', { value: 'vx', label: 'Vexmoor Plaza' }), el(12, 'optgroup', { label: 'North' })])]);
    createScrubber().scrubEvent(e);
    const select = e.data.node.childNodes[0]!.childNodes![0]!.childNodes![0]!;
    expect(select.childNodes?.map((o) => o.attributes)).toEqual([{ value: '**', label: '******* *****' }, { label: '*****' }]);
  });
});
