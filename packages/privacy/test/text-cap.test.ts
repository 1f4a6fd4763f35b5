import { describe, expect, it } from 'vitest';
import { createScrubber, MAX_SCANNED_TEXT_CHARS } from '../src/index.js';

const TOO_LONG = MAX_SCANNED_TEXT_CHARS + 1;
/** `size` chars of page text with an email at the end. */
const textOf = (size: number): string => {
  const tail = ' mail jane@example.com';
  return 'Lorem ipsum dolor sit amet. '.repeat(Math.ceil(size / 28)).slice(0, size - tail.length) + tail;
};
const onlyMask = (s: string): boolean => /^[*\s]*$/.test(s);

function scrubbed<T>(event: T, level: 'balanced' | 'strict' = 'balanced') {
  const scrubber = createScrubber({ level });
  scrubber.scrubEvent(event);
  return { event, counts: scrubber.counts };
}

const snapshot = (child: unknown) => ({
  type: 2,
  timestamp: 1,
  data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'body', attributes: {}, childNodes: [child] }] }, initialOffset: { left: 0, top: 0 } },
});
const bodyChild = (e: ReturnType<typeof snapshot>) => (e.data.node.childNodes[0] as { childNodes: any[] }).childNodes[0];

describe('text longer than MAX_SCANNED_TEXT_CHARS is masked whole, not scanned', () => {
  it('a text node of exactly the cap is scanned: only the email is masked', () => {
    const text = textOf(MAX_SCANNED_TEXT_CHARS);
    const { event, counts } = scrubbed(snapshot({ type: 3, id: 3, textContent: text }));
    const out: string = bodyChild(event).textContent;
    expect(out.startsWith('Lorem ipsum dolor sit amet.')).toBe(true);
    expect(out.endsWith(' mail ****************')).toBe(true);
    expect(counts).toMatchObject({ email: 1, oversize: 0 });
  });

  it('one char longer, it is masked whole (length kept) and counted as oversize', () => {
    const text = textOf(TOO_LONG);
    const { event, counts } = scrubbed(snapshot({ type: 3, id: 3, textContent: text }));
    const out: string = bodyChild(event).textContent;
    expect(out.length).toBe(text.length);
    expect(onlyMask(out)).toBe(true);
    expect(counts).toMatchObject({ email: 0, oversize: 1 });
  });

  it('custom event strings past the cap are masked whole; short ones beside them stay readable', () => {
    const { event, counts } = scrubbed({ type: 5, timestamp: 1, data: { tag: 'log', payload: { note: 'Checkout started', dump: textOf(TOO_LONG) } } });
    expect(event.data.payload.note).toBe('Checkout started');
    expect(onlyMask(event.data.payload.dump)).toBe(true);
    expect(counts.oversize).toBe(1);
  });

  it('a non-structural attribute past the cap is masked whole', () => {
    const { event, counts } = scrubbed(snapshot({ type: 2, id: 3, tagName: 'div', attributes: { title: textOf(TOO_LONG) }, childNodes: [] }));
    expect(onlyMask(bodyChild(event).attributes.title)).toBe(true);
    expect(counts.oversize).toBe(1);
  });
});

describe('markup past the cap keeps its shape (PII-masked only): the replay needs it', () => {
  const css = (size: number) => {
    const tail = '.x{content:"jane@example.com"}';
    return '.card{color:red;margin:0 auto}\n'.repeat(Math.ceil(size / 31)).slice(0, size - tail.length) + tail;
  };

  it('inline <style> text', () => {
    const style = css(TOO_LONG * 2);
    const { event, counts } = scrubbed(
      snapshot({ type: 2, id: 3, tagName: 'style', attributes: {}, childNodes: [{ type: 3, id: 4, textContent: style, isStyle: true }] }),
    );
    const out: string = bodyChild(event).childNodes[0].textContent;
    expect(out.startsWith('.card{color:red;margin:0 auto}')).toBe(true);
    expect(out.endsWith('.x{content:"****************"}')).toBe(true);
    expect(counts).toMatchObject({ email: 1, oversize: 0 });
  });

  it('style and SVG path attributes', () => {
    const path = 'M0 0 L10 10 '.repeat(Math.ceil(TOO_LONG / 12));
    const style = 'color: red; '.repeat(Math.ceil(TOO_LONG / 12));
    const { event, counts } = scrubbed(snapshot({ type: 2, id: 3, tagName: 'path', attributes: { d: path, style }, childNodes: [] }));
    expect(bodyChild(event).attributes).toEqual({ d: path, style });
    expect(counts.oversize).toBe(0);
  });

  it('a stylesheet rule event, and a CSS text mutation in strict mode', () => {
    const rule = css(TOO_LONG);
    const { event } = scrubbed({ type: 3, timestamp: 1, data: { source: 8, id: 5, adds: [{ rule }] } });
    expect(event.data.adds[0]?.rule.startsWith('.card{color:red;margin:0 auto}')).toBe(true);
    const mutation = { type: 3, timestamp: 1, data: { source: 0, texts: [{ id: 77, value: css(TOO_LONG) }], attributes: [], removes: [], adds: [] } };
    const { counts } = scrubbed(mutation, 'strict');
    expect(mutation.data.texts[0]?.value.startsWith('.card{color:red;margin:0 auto}')).toBe(true);
    expect(counts).toMatchObject({ email: 1, oversize: 0, text: 0 });
  });
});
