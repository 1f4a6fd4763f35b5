import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStoredText } from '../helpers/database.js';
import { apiAs, startVeil, type VeilServer } from '../helpers/veil-server.js';
import { leaked } from './support/record-page.js';

// A client that is not Veil's recorder (or one that forgot to scrub) sends each leak class of
// privacy wave 2 raw, in rrweb's event format: the server must mask it before storing.
type Node = Record<string, unknown>;
// Recent timestamps: an event older than the retention period is never served.
const NOW = Date.now();
let id = 10;
const text = (textContent: string): Node => ({ type: 3, id: id++, textContent });
const el = (tagName: string, attributes: Record<string, string>, childNodes: Node[] = []): Node => ({ type: 2, id: id++, tagName, attributes, childNodes });
const mutation = (data: Record<string, unknown>) => ({ type: 3, timestamp: NOW + 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data } });

/** One page per class: its events (after a shared Meta event), secrets, and ordinary text. */
function classBatch(name: string): { events: unknown[]; secrets: string[]; ordinary: string[] } {
  const body = (children: Node[]) => ({
    type: 2,
    timestamp: NOW + 2,
    data: { node: { type: 0, id: 1, childNodes: [el('html', {}, [el('body', { id: 'body' }, children)])] }, initialOffset: { top: 0, left: 0 } },
  });
  switch (name) {
    case 'css urls':
      return {
        events: [
          body([
            el('style', {}, [{ ...text('.hero{background:url("/hero.jpg?session=srv-css-1181")} @import "/t.css?token=srv-css-1182";'), isStyle: true }]),
            el('div', { style: "background-image:url('https://u:srv-css-1183@cdn.example/a.png')" }, [text('Server css ordinary')]),
          ]),
          { type: 3, timestamp: NOW + 3, data: { source: 8, id: 5, adds: [{ rule: '.x{background:url(/x.png?k=srv-css-1184)}', index: 0 }] } },
          { type: 3, timestamp: NOW + 3, data: { source: 13, id: 5, index: [0], set: { property: 'background', value: 'url(/d.png?k=srv-css-1185)' } } },
        ],
        secrets: ['srv-css-1181', 'srv-css-1182', 'srv-css-1183', 'srv-css-1184', 'srv-css-1185'],
        ordinary: ['Server css ordinary', 'hero.jpg'],
      };
    case 'document and label attributes':
      return {
        events: [
          body([
            el('iframe', { srcdoc: '<p data-veil-mask>Srv srcdoc Fotheringay</p>' }),
            el('select', {}, [el('option', { value: 'a', title: 'Srv title Ravensworth' }, [text('x')])]),
            text('Server labels ordinary'),
          ]),
          mutation({ attributes: [{ id: 999, attributes: { label: 'Srv label Blenkinsop' } }, { id: 998, attributes: { srcdoc: '<b>Srv late Ollivant</b>' } }] }),
        ],
        secrets: ['Fotheringay', 'Ravensworth', 'Blenkinsop', 'Ollivant'],
        ordinary: ['Server labels ordinary'],
      };
    case 'split and typeset tokens': {
      const p = el('p', {}, [text('Owner '), el('span', {}, [text('halvard.strom')]), text('@'), el('span', {}, [text('srvmail.example')])]);
      const added = { type: 2, id: 500, tagName: 'p', attributes: {}, childNodes: [] };
      return {
        events: [
          body([p, el('p', {}, [text('Call +44\u202f20\u202f7946\u202f0321 server ordinary')])]),
          mutation({
            adds: [
              { parentId: 501, nextId: null, node: { type: 3, id: 502, textContent: '4444' } },
              { parentId: 500, nextId: null, node: { type: 2, id: 501, tagName: 'span', attributes: {}, childNodes: [] } },
              { parentId: 500, nextId: 501, node: { type: 3, id: 503, textContent: '5555 5555 5555 ' } },
              { parentId: 'body', nextId: null, node: added },
            ],
          }),
        ],
        secrets: ['halvard.strom', '7946\u202f0321', '"5555 5555 5555 "'],
        ordinary: ['Owner ', 'server ordinary'],
      };
    }
    default:
      return {
        events: [
          body([el('a', { href: 'tel:+5521987650011' }, [text('Server tel ordinary')]), text('Fax 00862087650022 or +6281234560033')]),
          mutation({ texts: [{ id: 12345, value: 'Now +2348031230044' }] }),
        ],
        secrets: ['5521987650011', '00862087650022', '6281234560033', '2348031230044'],
        ordinary: ['Server tel ordinary', 'Fax ', 'tel:'],
      };
  }
}

const CLASSES = ['css urls', 'document and label attributes', 'split and typeset tokens', 'international numbers'];

describe('the server masks each leak class a client sent raw', () => {
  let server: VeilServer;

  beforeAll(async () => {
    server = await startVeil();
  });

  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
  });

  CLASSES.forEach((name, index) => {
    it(`${name}: nothing of it is stored, the ordinary text is`, async () => {
      const { events, secrets, ordinary } = classBatch(name);
      const raw = JSON.stringify(events);
      expect(leaked(raw, secrets), 'the raw batch holds the secrets').toEqual(secrets);
      const sessionId = `raw-wave2-session-000${index}`;
      const meta = { type: 4, timestamp: NOW + 1, data: { href: 'https://shop.example/p', width: 800, height: 600 } };
      const response = await fetch(`${server.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-veil-key': server.projectKey },
        body: JSON.stringify({ v: 1, sessionId, seq: 0, events: [meta, ...events] }),
      });
      expect(response.status).toBe(200);
      const { status, body } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
      expect(status).toBe(200);
      const served = JSON.stringify(body);
      expect(leaked(served, secrets)).toEqual([]);
      for (const t of ordinary) expect(served).toContain(t);
      expect(leaked(dumpStoredText(server.dataDir), secrets)).toEqual([]);
    });
  });
});
