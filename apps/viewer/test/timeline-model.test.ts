import { describe, expect, it } from 'vitest';
import { INACTIVE_THRESHOLD_MS, TimelineModel } from '../src/player/timeline-model.js';

const T = 1_700_000_000_000;
const snapshot = {
  type: 0,
  id: 1,
  childNodes: [
    {
      type: 2, tagName: 'html', id: 2, attributes: {}, childNodes: [
        { type: 2, tagName: 'head', id: 3, attributes: {}, childNodes: [{ type: 2, tagName: 'title', id: 4, attributes: {}, childNodes: [{ type: 3, id: 5, textContent: 'Checkout' }] }] },
        { type: 2, tagName: 'body', id: 6, attributes: {}, childNodes: [
          { type: 2, tagName: 'button', id: 7, attributes: { class: 'primary big' }, childNodes: [{ type: 3, id: 8, textContent: '  Pay   now ' }] },
          { type: 2, tagName: 'input', id: 9, attributes: { id: 'card', type: 'text' }, childNodes: [] },
        ] },
      ],
    },
  ],
};

describe('TimelineModel', () => {
  it('turns events into page, click, input and gap markers with readable labels', () => {
    const m = new TimelineModel();
    m.add([
      { type: 4, timestamp: T, data: { href: 'https://shop.example/checkout' } },
      { type: 2, timestamp: T + 1, data: { node: snapshot } },
      { type: 3, timestamp: T + 1_000, data: { source: 2, type: 2, id: 7 } },
      { type: 3, timestamp: T + 2_000, data: { source: 5, id: 9, text: '*' } },
      { type: 3, timestamp: T + 2_300, data: { source: 5, id: 9, text: '**' } }, // same typing: one entry
    ]);
    m.add([{ type: 5, timestamp: T + 3_000, data: { tag: 'veil-gap', payload: { batches: 2, events: 80, seqs: [4, 5] } } }]);
    expect(m.sorted().map((x) => [x.kind, x.ms, x.label, x.detail])).toEqual([
      ['nav', 0, 'https://shop.example/checkout', 'Checkout'],
      ['click', 1_000, 'Click button.primary "Pay now"', undefined],
      ['input', 2_000, 'Input input#card', undefined],
      ['gap', 3_000, 'Recording gap: 2 batches lost', '80 events were not delivered'],
    ]);
    expect(m.endMs).toBe(3_000);
  });

  it('marks stretches without user interaction longer than the replayer skips', () => {
    const m = new TimelineModel();
    const move = (ms: number) => ({ type: 3, timestamp: T + ms, data: { source: 1, positions: [] } });
    m.add([{ type: 4, timestamp: T, data: { href: 'x' } }, move(1_000), move(5_000)]);
    m.add([{ type: 3, timestamp: T + 40_000, data: { source: 0, adds: [], removes: [], texts: [], attributes: [] } }]); // a mutation is not interaction
    m.add([move(5_000 + INACTIVE_THRESHOLD_MS + 30_000), move(50_000)]);
    expect(m.inactive).toEqual([[5_000, 45_000]]);
  });

  it('labels clicks on unknown nodes without failing', () => {
    const m = new TimelineModel();
    m.add([{ type: 3, timestamp: T, data: { source: 2, type: 2, id: 999 } }]);
    expect(m.markers[0]!.label).toBe('Click element');
  });
});
