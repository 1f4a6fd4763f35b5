import { describe, expect, it } from 'vitest';
import { createScrubber } from '../src/index.js';

describe('hostile event shapes are scrubbed, never thrown on', () => {
  it('a node with 200,000 children added under a blocked element is dropped (no stack overflow)', () => {
    const scrubber = createScrubber();
    const blocked = { type: 2, id: 2, tagName: 'div', attributes: { 'data-veil-block': '' }, childNodes: [] };
    scrubber.scrubEvent({ type: 2, timestamp: 0, data: { node: { type: 0, id: 1, childNodes: [blocked] }, initialOffset: { left: 0, top: 0 } } });
    const children = Array.from({ length: 200_000 }, (_, i) => ({ type: 3, id: 10 + i, textContent: 'Jane Doe' }));
    const node = { type: 2, id: 5, tagName: 'div', attributes: {}, childNodes: children };
    const event = { type: 3, timestamp: 1, data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 2, nextId: null, node }] } };
    expect(() => scrubber.scrubEvent(event)).not.toThrow();
    expect(event.data.adds).toEqual([]);
    expect(scrubber.counts.block).toBe(1);
  });

  it('100,000 adds waiting on one parent listed last are all scrubbed under it', () => {
    const scrubber = createScrubber();
    const adds = Array.from({ length: 100_000 }, (_, i) => ({ parentId: 7, nextId: null, node: { type: 3, id: 10 + i, textContent: 'Hello' } }));
    adds.push({ parentId: 1, nextId: null, node: { type: 2, id: 7, tagName: 'div', attributes: { 'data-veil-mask': '' }, childNodes: [] } } as never);
    const event = { type: 3, timestamp: 1, data: { source: 0, texts: [], attributes: [], removes: [], adds } };
    expect(() => scrubber.scrubEvent(event)).not.toThrow();
    expect(new Set(event.data.adds.slice(0, -1).map((a) => a.node.textContent))).toEqual(new Set(['*****']));
  });
});
