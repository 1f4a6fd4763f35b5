import { describe, expect, it } from 'vitest';
import { createScrubber, FIXED_MASK } from '../src/index.js';

const scrub = <T>(event: T, level: 'balanced' | 'strict' = 'balanced'): T => {
  createScrubber({ level }).scrubEvent(event);
  return event;
};

interface AnyNode {
  type: number;
  id: number;
  tagName?: string;
  textContent?: string;
  attributes?: Record<string, unknown>;
  childNodes?: AnyNode[];
}
interface MutationData {
  texts?: { id: number; value: string | null }[];
  attributes?: { id: number; attributes: Record<string, unknown> }[];
  adds?: { parentId: number; nextId: number | null; node: AnyNode }[];
}

const mutation = (data: MutationData) => ({
  type: 3,
  timestamp: 1,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data } as Required<MutationData> & { source: number },
});

describe('input events', () => {
  it('masks an email typed into a textarea', () => {
    const e = scrub({ type: 3, timestamp: 1, data: { source: 5, id: 22, text: 'Please write to jane@example.com', isChecked: false } });
    expect(e.data.text).toBe('****** ***** ** ****************');
  });

  it('hides the length of a single-token value (it could be a password, card or code)', () => {
    const e = scrub({ type: 3, timestamp: 1, data: { source: 5, id: 20, text: 'hunter2', isChecked: false, userTriggered: true } });
    expect(e.data).toEqual({ source: 5, id: 20, text: FIXED_MASK, isChecked: false, userTriggered: true });
  });

  it('leaves values the recorder already masked alone and does not count them', () => {
    const scrubber = createScrubber({ level: 'balanced' });
    const e = { type: 3, timestamp: 1, data: { source: 5, id: 18, text: '**** ***', isChecked: false } };
    scrubber.scrubEvent(e);
    expect(e.data.text).toBe('**** ***');
    expect(scrubber.counts.form).toBe(0);
  });

  it('keeps checkbox state', () => {
    const e = scrub({ type: 3, timestamp: 1, data: { source: 5, id: 3, text: '', isChecked: true } });
    expect(e.data).toEqual({ source: 5, id: 3, text: '', isChecked: true });
  });
});

describe('mutations', () => {
  it('masks an email in an added node and keeps its ordinary sibling text', () => {
    const e = scrub(
      mutation({
        adds: [
          {
            parentId: 10,
            nextId: null,
            node: {
              type: 2, id: 40, tagName: 'p', attributes: { class: 'toast' },
              childNodes: [{ type: 3, id: 41, textContent: 'Welcome back! We sent a link to jane@example.com' }],
            },
          },
          { parentId: 40, nextId: null, node: { type: 3, id: 42, textContent: 'Welcome to the shop' } },
        ],
      }),
    );
    expect(e.data.adds[0]?.node.childNodes?.[0]?.textContent).toBe('Welcome back! We sent a link to ****************');
    expect(e.data.adds[0]?.node.attributes?.class).toBe('toast');
    expect(e.data.adds[1]?.node.textContent).toBe('Welcome to the shop');
  });

  it('masks PII in text changes', () => {
    const e = scrub(mutation({ texts: [{ id: 5, value: 'Card 4111 1111 1111 1111 saved' }, { id: 6, value: 'Welcome to the shop' }, { id: 7, value: null }] }));
    expect(e.data.texts).toEqual([
      { id: 5, value: 'Card **** **** **** **** saved' },
      { id: 6, value: 'Welcome to the shop' },
      { id: 7, value: null },
    ]);
  });

  it('masks value attributes set by script, fixed when they could be a secret', () => {
    const e = scrub(
      mutation({
        attributes: [
          { id: 19, attributes: { value: 'jane@example.com' } },
          { id: 18, attributes: { value: 'Jane Doe', class: 'filled' } },
          { id: 21, attributes: { value: null, disabled: '' } },
        ],
      }),
    );
    expect(e.data.attributes).toEqual([
      { id: 19, attributes: { value: FIXED_MASK } },
      { id: 18, attributes: { value: '**** ***', class: 'filled' } },
      { id: 21, attributes: { value: null, disabled: '' } },
    ]);
  });

  it('scrubs URL attributes and style diffs in attribute changes', () => {
    const e = scrub(
      mutation({
        attributes: [
          { id: 15, attributes: { href: '/account?email=a@b.co&utm_medium=x' } },
          { id: 16, attributes: { style: { color: 'red', 'background-image': ['url(/u/jane@example.com.png)', 'important'], width: false } } },
          { id: 17, attributes: { 'data-user': 'jane@example.com', 'data-step': '2' } },
        ],
      }),
    );
    expect(e.data.attributes).toEqual([
      { id: 15, attributes: { href: '/account?email=redacted&utm_medium=x' } },
      { id: 16, attributes: { style: { color: 'red', 'background-image': ['url(/u/****************.png)', 'important'], width: false } } },
      { id: 17, attributes: { 'data-user': '****************', 'data-step': '2' } },
    ]);
  });

  it('in strict mode masks added text unless its subtree is data-veil-unmask, and keeps CSS text', () => {
    const e = scrub(
      mutation({
        texts: [{ id: 8, value: '.a{color:red} .b{margin:0}' }, { id: 9, value: 'Hello Jane' }],
        adds: [
          { parentId: 1, nextId: null, node: { type: 3, id: 50, textContent: 'Hello Jane' } },
          {
            parentId: 1, nextId: null,
            node: { type: 2, id: 51, tagName: 'div', attributes: { 'data-veil-unmask': '' }, childNodes: [{ type: 3, id: 52, textContent: 'Total: $12.50, receipt to a@b.co' }] },
          },
        ],
      }),
      'strict',
    );
    expect(e.data.texts).toEqual([{ id: 8, value: '.a{color:red} .b{margin:0}' }, { id: 9, value: '***** ****' }]);
    expect(e.data.adds[0]?.node.textContent).toBe('***** ****');
    expect(e.data.adds[1]?.node.childNodes?.[0]?.textContent).toBe('Total: $12.50, receipt to ******');
  });

  it('strips a blocked element added with content', () => {
    const e = scrub(
      mutation({
        adds: [{ parentId: 1, nextId: null, node: { type: 2, id: 60, tagName: 'div', attributes: { 'data-veil-block': '', title: 'Jane' }, childNodes: [{ type: 3, id: 61, textContent: 'Jane Doe' }] } }],
      }),
    );
    expect(e.data.adds[0]?.node).toEqual({ type: 2, id: 60, tagName: 'div', attributes: { 'data-veil-block': '' }, childNodes: [] });
  });
});

describe('meta, custom and plugin events', () => {
  it('scrubs the page URL of a meta event', () => {
    const e = scrub({ type: 4, timestamp: 1, data: { href: 'https://shop.example/checkout?email=a@b.co&utm_source=x#token=abc', width: 1280, height: 720 } });
    expect(e.data).toEqual({ href: 'https://shop.example/checkout?email=redacted&utm_source=x#token=redacted', width: 1280, height: 720 });
  });

  it('scrubs a pushState-like custom navigation event and every string of its payload', () => {
    const e = scrub({
      type: 5,
      timestamp: 1,
      data: { tag: 'navigation', payload: { href: 'https://shop.example/orders?id=42', from: { url: '/u/jane%40example.com' }, note: 'user jane@example.com', count: 3 } },
    });
    expect(e.data).toEqual({
      tag: 'navigation',
      payload: { href: 'https://shop.example/orders?id=redacted', from: { url: '/u/****************' }, note: 'user ****************', count: 3 },
    });
  });

  it('masks PII in console plugin events and legacy log events', () => {
    const plugin = scrub({
      type: 6,
      timestamp: 1,
      data: { plugin: 'rrweb/console@1', payload: { level: 'log', trace: ['at login (app.js:10:5)'], payload: ['"Logged in as jane@example.com"'] } },
    });
    expect(plugin.data.payload.payload).toEqual(['"Logged in as ****************"']);
    expect(plugin.data.payload.trace).toEqual(['at login (app.js:10:5)']);
    const log = scrub({ type: 3, timestamp: 1, data: { source: 11, level: 'warn', payload: ['token sk_live_4eC39HqLyjWDarjtT1zdp7dc'] } });
    expect(log.data.payload).toEqual(['token ********************************']);
  });
});

describe('stylesheets and canvas', () => {
  it('masks PII in inserted rules, declarations and adopted sheets, keeping the CSS', () => {
    const rule = scrub({ type: 3, timestamp: 1, data: { source: 8, id: 7, adds: [{ rule: '.x::after { content: "jane@example.com" }', index: 0 }], removes: [{ index: 1 }] } });
    expect(rule.data.adds[0]?.rule).toBe('.x::after { content: "****************" }');
    const decl = scrub({ type: 3, timestamp: 1, data: { source: 13, id: 7, index: [0], set: { property: 'content', value: '"+1 415 555 2671"', priority: '' } } });
    expect(decl.data.set.value).toBe('"** *** *** ****"');
    const adopted = scrub({ type: 3, timestamp: 1, data: { source: 15, id: 1, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: 'a { color: #fff }' }, { rule: '/* 123-45-6789 */' }] }] } });
    expect(adopted.data.styles[0]?.rules).toEqual([{ rule: 'a { color: #fff }' }, { rule: '/* *********** */' }]);
  });

  it('masks PII drawn on a canvas', () => {
    const e = scrub({ type: 3, timestamp: 1, data: { source: 9, id: 3, type: 0, commands: [{ property: 'fillText', args: ['Hi jane@example.com', 10, 20] }, { property: 'fillStyle', args: ['#fff'], setter: true }] } });
    expect(e.data.commands[0]?.args).toEqual(['Hi ****************', 10, 20]);
    expect(e.data.commands[1]?.args).toEqual(['#fff']);
  });
});

describe('robustness', () => {
  it('ignores malformed events instead of throwing', () => {
    const scrubber = createScrubber({ level: 'strict' });
    for (const e of [null, 42, 'x', [], {}, { type: 2 }, { type: 2, data: { node: null } }, { type: 3, data: { source: 0, adds: [null, { node: 5 }], texts: 'x' } }, { type: 3, data: { source: 5, text: 7 } }]) {
      expect(() => scrubber.scrubEvent(e)).not.toThrow();
    }
  });

  it('survives a hostile 100,000-level deep tree', () => {
    let node: Record<string, unknown> = { type: 3, id: 0, textContent: 'jane@example.com' };
    for (let i = 1; i < 100_000; i++) node = { type: 2, id: i, tagName: 'div', attributes: {}, childNodes: [node] };
    const e = { type: 2, timestamp: 1, data: { node, initialOffset: { left: 0, top: 0 } } };
    const scrubber = createScrubber({ level: 'balanced' });
    expect(() => scrubber.scrubEvent(e)).not.toThrow();
    expect(scrubber.counts.email).toBe(1);
  });

  it('resets its counters', () => {
    const scrubber = createScrubber({ level: 'balanced' });
    scrubber.scrubEvent({ type: 3, timestamp: 1, data: { source: 5, id: 1, text: 'secret', isChecked: false } });
    expect(scrubber.counts.form).toBe(1);
    scrubber.reset();
    expect(scrubber.counts.form).toBe(0);
  });
});

describe('sources that carry only numbers from rrweb', () => {
  it('masks personal data a non-rrweb client hid in a mouse-move or scroll event, keeping the numbers', () => {
    const scrubber = createScrubber({ level: 'balanced' });
    const move = { type: 3, timestamp: 1, data: { source: 1, positions: [{ x: 10, y: 20, id: 4, timeOffset: 0, note: 'jane.doe@example.org' }] } };
    const scroll = { type: 3, timestamp: 2, data: { source: 3, id: 4, x: 0, y: 300, extra: 'card 4111 1111 1111 1111' } };
    scrubber.scrubEvent(move);
    scrubber.scrubEvent(scroll);
    expect(JSON.stringify([move, scroll])).not.toMatch(/jane\.doe|4111 1111/);
    expect(move.data.positions[0]).toMatchObject({ x: 10, y: 20, id: 4 });
    expect(scroll.data).toMatchObject({ x: 0, y: 300, extra: expect.stringMatching(/^card \*/) });
  });
});
