import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStoredText } from '../helpers/database.js';
import { apiAs, startVeil, type VeilServer } from '../helpers/veil-server.js';
import { leaked } from './support/record-page.js';

// Raw rrweb events recorded in Chromium with no masking at all (a recorder that forgot to
// scrub, or a hand-made client): the server must mask them again before storing anything.
const RAW = readFileSync(new URL('../../packages/privacy/test/fixtures/recorded-raw-shop.json', import.meta.url), 'utf8');
const SECRETS = ['jane.doe@example.com', '4111111111111111', '4111 1111 1111 1111', '+44 20 7946 0958', 'Hunter2-Secret', 'hidden-csrf-token-71', 'tok-5521', 'Vexmoor Plaza', 'Masked Dribbleworth', 'Blocked Quaxley'];

async function ingestRaw(server: VeilServer, sessionId: string): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-veil-key': server.projectKey },
    body: JSON.stringify({ v: 1, sessionId, seq: 0, events: JSON.parse(RAW) }),
  });
  expect(response.status).toBe(200);
  const { body } = await apiAs(server, `/api/v1/sessions/${sessionId}/events`);
  return body;
}

describe('the server masks what a client sent unmasked', () => {
  let server: VeilServer;

  beforeAll(async () => {
    server = await startVeil();
  });

  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
  });

  it('the raw batch holds the secrets (or this test proves nothing)', () => {
    expect(leaked(RAW, SECRETS)).toEqual(SECRETS);
  });

  it('balanced: stores no secret and keeps the ordinary page text', async () => {
    const events = JSON.stringify(await ingestRaw(server, 'raw-balanced-session-0001'));
    expect(leaked(events, SECRETS)).toEqual([]);
    expect(events).toContain('Your orders');
    expect(leaked(dumpStoredText(server.dataDir), SECRETS)).toEqual([]);
  });

  it('strict: stores no page text either', async () => {
    const patched = await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { privacyLevel: 'strict' } });
    expect(patched.status).toBe(200);
    const events = JSON.stringify(await ingestRaw(server, 'raw-strict-session-0001'));
    expect(leaked(events, [...SECRETS, 'Your orders', 'Signed in as'])).toEqual([]);
    expect(events).toContain('"**** ******"');
  });
});
