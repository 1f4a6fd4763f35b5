import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rrwebBatch } from '../../apps/server/test/helpers/veil-harness.js';
import { apiAs, startVeil, type VeilServer } from '../helpers/veil-server.js';
import { describeStall, measureStall, postBatchText, stalled, stalledComparedTo } from './support/stall-probe.js';

// Strings built to make the server's privacy scan do quadratic work: before the scan was made
// linear, each of these batches (a few hundred bytes of gzip) held the whole server for
// seconds. Each test checks that /healthz keeps answering while the batch is scrubbed, that the
// batch is stored, and that what was stored is right: ordinary text readable, personal data
// masked.

const startedAt = Date.now() - 60_000;

/** A batch for `sessionId`: a Meta and a full snapshot of `body`, then `events`. */
function batch(sessionId: string, body: unknown[], events: unknown[]): string {
  const meta = { type: 4, timestamp: startedAt, data: { href: 'https://shop.example/checkout', width: 1280, height: 800 } };
  const snapshot = {
    type: 2,
    timestamp: startedAt + 1,
    data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'body', attributes: {}, childNodes: body }] }, initialOffset: { left: 0, top: 0 } },
  };
  return JSON.stringify({ v: 1, sessionId, seq: 0, events: [meta, snapshot, ...events.map((e, i) => ({ timestamp: startedAt + 2 + i, ...(e as object) }))] });
}

const customEvent = (payload: Record<string, string>) => ({ type: 5, data: { tag: 'checkout', payload } });
const textMutation = (texts: { id: number; value: string }[]) => ({ type: 3, data: { source: 0, texts, attributes: [], removes: [], adds: [] } });

/** The events stored for `sessionId`, as a viewer reads them. */
async function storedEvents(server: VeilServer, sessionId: string): Promise<any[]> {
  const { status, body } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
  expect(status).toBe(200);
  return body;
}

describe('strings built to make the privacy scan quadratic do not stall the server', () => {
  let server: VeilServer;
  beforeAll(async () => {
    server = await startVeil();
    // Warm the ingest path first so its first-use costs are not counted as an attack's.
    const ordinary = JSON.stringify(rrwebBatch({ sessionId: 'sess_privacy_warmup_01', startedAt }, 0));
    expect((await postBatchText(server, ordinary)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
  });

  it('100,000 spaces and then a card number in a custom event: masked whole (too long to scan as text), no stall', async () => {
    const sessionId = 'sess_privacy_spaces_01';
    const text = batch(sessionId, [], [customEvent({ note: 'Checkout started', blob: ' '.repeat(100_000) + '4111111111111111' })]);
    const report = await measureStall(server, () => postBatchText(server, text));
    console.log(describeStall('100,000 spaces + a token', report));
    expect(report.attackResult).toMatchObject({ status: 200 });
    expect(stalled(report), describeStall('spaces', report)).toBe(false);

    const payload = (await storedEvents(server, sessionId)).find((e) => e.type === 5).data.payload;
    expect(payload.note).toBe('Checkout started');
    // Compared in parts so a failure prints a few characters, not 100,000.
    expect(payload.blob.length).toBe(100_016);
    expect(payload.blob.trim()).toBe('*'.repeat(16));
  });

  it('"Bearer", 64,000 spaces and a token, three times (short enough to be scanned): the tokens are masked, no stall', async () => {
    const sessionId = 'sess_privacy_bearer_01';
    const header = 'Bearer' + ' '.repeat(64_000) + 'abcdefghijklmnop';
    const text = batch(sessionId, [], [customEvent({ note: 'Request sent', a: header, b: header, c: header })]);
    const report = await measureStall(server, () => postBatchText(server, text));
    console.log(describeStall('3 x (Bearer + 64,000 spaces + a token)', report));
    expect(report.attackResult).toMatchObject({ status: 200 });
    expect(stalled(report), describeStall('bearer', report)).toBe(false);

    const payload = (await storedEvents(server, sessionId)).find((e) => e.type === 5).data.payload;
    expect(payload.note).toBe('Request sent');
    for (const key of ['a', 'b', 'c']) {
      expect(payload[key].length).toBe(header.length);
      expect(payload[key].split(/ +/)).toEqual(['Bearer', '*'.repeat(16)]);
    }
  });

  it('12 strings of "." + "a@" x 20,000: an email after each is masked, the rest stays readable, no stall', async () => {
    const sessionId = 'sess_privacy_atsign_01';
    const hostile = '.' + 'a@'.repeat(20_000);
    const payload: Record<string, string> = { note: 'Newsletter signup' };
    for (let i = 0; i < 12; i++) payload[`s${i}`] = `${hostile} mail jane${i}@example.com`;
    const text = batch(sessionId, [], [customEvent(payload)]);
    const report = await measureStall(server, () => postBatchText(server, text));
    console.log(describeStall('12 x ("." + "a@" x 20,000)', report));
    expect(report.attackResult).toMatchObject({ status: 200 });
    expect(stalled(report), describeStall('at signs', report)).toBe(false);

    const stored = (await storedEvents(server, sessionId)).find((e) => e.type === 5).data.payload;
    expect(stored.note).toBe('Newsletter signup');
    for (let i = 0; i < 12; i++) {
      const value: string = stored[`s${i}`];
      expect(value.startsWith(hostile)).toBe(true);
      expect(value.slice(hostile.length)).toBe(` mail ${'*'.repeat(`jane${i}@example.com`.length)}`);
    }
  });

  it('a mutation adding 20,000 nested elements listed children first costs no more than the same adds listed parents first', async () => {
    const count = 20_000;
    const email = 'jane@example.com';
    /** Add k is the parent of add k - 1 (ids 100 + k); the top one hangs under <body> (id 2). */
    const nestedAdds = (childrenFirst: boolean) => {
      const adds: unknown[] = [{ parentId: 101, nextId: null, node: { type: 3, id: 100, textContent: `Order 1042 for ${email}` } }];
      for (let k = 1; k < count; k++) {
        adds.push({ parentId: k === count - 1 ? 2 : 101 + k, nextId: null, node: { type: 2, id: 100 + k, tagName: 'div', attributes: {}, childNodes: [] } });
      }
      return childrenFirst ? adds : adds.reverse();
    };
    const post = (sessionId: string, childrenFirst: boolean) => {
      const text = batch(sessionId, [], [{ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: nestedAdds(childrenFirst) } }]);
      return measureStall(server, () => postBatchText(server, text));
    };
    // The control: the same bytes of work in the order a scrubber walks in one pass anyway. The
    // verdict compares the two in the same run, so a busy machine slows both alike; before the
    // fix, children first re-walked the list once per waiting add (20,000: 9.6 s against ~0.3 s).
    const control = await post('sess_privacy_adds_ctrl', false);
    const attack = await post('sess_privacy_adds_0001', true);
    console.log(describeStall('20,000 adds, parents first (control)', control));
    console.log(describeStall('20,000 adds, children first', attack));
    expect(control.attackResult).toMatchObject({ status: 200 });
    expect(attack.attackResult).toMatchObject({ status: 200 });
    expect(stalledComparedTo(attack, control), describeStall('adds', attack)).toBe(false);

    const stored = (await storedEvents(server, 'sess_privacy_adds_0001')).find((e) => e.type === 3 && e.data.source === 0).data.adds;
    expect(stored).toHaveLength(count);
    expect(stored[0].node.textContent).toBe(`Order 1042 for ${'*'.repeat(email.length)}`);
  });

  // Last: it switches the project to strict.
  it('strict project, a text mutation "{" + ":" x 80,000: masked, unmasked text stays readable, no stall', async () => {
    const patch = await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { privacyLevel: 'strict' } });
    expect(patch.status).toBe(200);
    const sessionId = 'sess_privacy_braces_01';
    const hostile = '{' + ':'.repeat(80_000);
    const body = [
      { type: 2, id: 10, tagName: 'p', attributes: { 'data-veil-unmask': '' }, childNodes: [{ type: 3, id: 11, textContent: 'Order shipped to jane@example.com' }] },
      { type: 2, id: 12, tagName: 'p', attributes: {}, childNodes: [{ type: 3, id: 13, textContent: 'Jane Doe' }] },
    ];
    const text = batch(sessionId, body, [textMutation([{ id: 999, value: hostile }, { id: 998, value: '.banner{color:red}' }])]);
    const report = await measureStall(server, () => postBatchText(server, text));
    console.log(describeStall('strict, "{" + ":" x 80,000', report));
    expect(report.attackResult).toMatchObject({ status: 200 });
    expect(stalled(report), describeStall('braces', report)).toBe(false);

    const events = await storedEvents(server, sessionId);
    const [unmasked, masked] = events.find((e) => e.type === 2).data.node.childNodes[0].childNodes;
    expect(unmasked.childNodes[0].textContent).toBe('Order shipped to ****************');
    expect(masked.childNodes[0].textContent).toBe('**** ***');
    const texts = events.find((e) => e.type === 3 && e.data.source === 0).data.texts;
    expect(texts.map((t: { id: number }) => t.id)).toEqual([999, 998]);
    // Not CSS (no closing brace), so strict masks it like any text; the rule keeps its shape.
    expect(texts[0].value.length).toBe(hostile.length);
    expect(texts[0].value.replaceAll('*', '')).toBe('');
    expect(texts[1].value).toBe('.banner{color:red}');
  });
});
