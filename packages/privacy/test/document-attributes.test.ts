import { describe, expect, it } from 'vitest';
import { createScrubber } from '../src/index.js';

const mutation = (attributes: Array<{ id: number; attributes: Record<string, unknown> }>) => ({
  type: 3,
  timestamp: 1,
  data: { source: 0, texts: [], removes: [], adds: [], attributes },
});

const snapshotWith = (children: unknown[]) => ({ type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: children } } });

describe('attributes that carry documents or labels', () => {
  for (const level of ['balanced', 'strict'] as const) {
    it(`${level}: an iframe's srcdoc is dropped, in a snapshot and when set later`, () => {
      const scrubber = createScrubber({ level });
      const snap = snapshotWith([
        { type: 2, id: 2, tagName: 'iframe', attributes: { srcdoc: '<p data-veil-mask>Ollerton Vance</p><input value="Prefill Quist">', width: '300' }, childNodes: [] },
      ]);
      const later = mutation([{ id: 2, attributes: { srcdoc: '<b>Later Dromgoole</b>' } }]);
      scrubber.scrubEvent(snap);
      scrubber.scrubEvent(later);
      expect(snap.data.node.childNodes[0]).toMatchObject({ attributes: { width: '300' } });
      expect('srcdoc' in (snap.data.node.childNodes[0] as { attributes: object }).attributes).toBe(false);
      // null in an attribute mutation removes the attribute in the replay.
      expect(later.data.attributes[0]?.attributes).toEqual({ srcdoc: null });
      expect(scrubber.counts.text).toBe(2);
    });
  }

  it('a label set later by script (the element unnamed) is masked like the option text', () => {
    const scrubber = createScrubber();
    const event = mutation([{ id: 7, attributes: { label: 'Haverford Lane 12' } }, { id: 8, attributes: { label: '' } }]);
    scrubber.scrubEvent(event);
    expect(event.data.attributes.map((m) => m.attributes.label)).toEqual(['********* **** **', '']);
    expect(scrubber.counts.form).toBe(1);
  });

  it('option and optgroup labels, titles and aria-labels are masked; other elements keep theirs (PII-scanned)', () => {
    const snap = snapshotWith([
      {
        type: 2,
        id: 2,
        tagName: 'datalist',
        attributes: {},
        childNodes: [
          { type: 2, id: 3, tagName: 'optgroup', attributes: { label: 'Kettering Group' }, childNodes: [] },
          { type: 2, id: 4, tagName: 'option', attributes: { value: 'Quimby Road', label: 'Quimby Road 4', title: 'Quimby title', 'aria-label': 'Quimby aria' }, childNodes: [] },
        ],
      },
      { type: 2, id: 5, tagName: 'button', attributes: { title: 'Save changes', 'aria-label': 'Mail jane@example.com' }, childNodes: [] },
      { type: 2, id: 6, tagName: 'track', attributes: { label: 'English' }, childNodes: [] },
    ]);
    createScrubber().scrubEvent(snap);
    const out = JSON.stringify(snap);
    for (const secret of ['Kettering', 'Quimby', 'jane@example.com']) expect(out).not.toContain(secret);
    for (const kept of ['Save changes', '"Mail ****************"', 'English']) expect(out).toContain(kept);
  });
});
