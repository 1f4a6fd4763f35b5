import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { apiAs, startVeil, type VeilServer } from '../helpers/veil-server.js';
import { startFixtureOrigin, type FixtureOrigin } from './support/fixture-origin.js';
import { fixturePage, leaked, recordPage, type Capture } from './support/record-page.js';

const FINAL_TEXT = 'Strict suite finished';

/** Page copy that strict mode masks (outside data-veil-unmask). */
const MASKED_TEXT = [
  'Strict heading Tumbledown',
  'Strict paragraph Nethercott',
  'Strict title Hollowmere',
  'Strict label Ashdown',
  'Strict later Brackenbury',
  'Masked inside unmask Pickersgill',
];
/** Attribute values strict mode masks; media sources it drops. */
const MASKED_ATTRIBUTES = ['Strict title Marbleton', 'Strict aria Cobblepot', 'Strict alt Farthingale', 'Strict placeholder Mossbank', 'Quincewood'];
const TYPED = { field: 'Strict typed Wimberley', cc: '5555 5555 5555 4444' };
/** Under data-veil-unmask: shown, but personal data in it is still masked. */
const UNMASKED_TEXT = ['Unmasked ordinary Fairweather', 'Reach me at', FINAL_TEXT];
const UNMASKED_PII = ['jane.unmask@example.com'];

const SECRETS = [...MASKED_TEXT, ...MASKED_ATTRIBUTES, ...Object.values(TYPED), ...UNMASKED_PII];

describe('strict privacy in real Chromium, page on another origin', () => {
  let server: VeilServer;
  let origin: FixtureOrigin;
  let browser: Browser;
  const captures: Record<string, Capture> = {};

  beforeAll(async () => {
    [server, browser] = await Promise.all([startVeil(), launchChromium()]);
    let initOptions: Record<string, unknown> = {};
    origin = await startFixtureOrigin((path) => (path === '/strict.html' ? fixturePage('strict-page.html', server, initOptions) : undefined));
    const record = () =>
      recordPage(browser, server, `${origin.url}/strict.html`, FINAL_TEXT, async (page) => {
        await page.locator('#field').pressSequentially(TYPED.field);
        await page.locator('#cc').pressSequentially(TYPED.cc);
        await page.evaluate((finalText) => {
          document.getElementById('later')!.insertAdjacentHTML('beforeend', '<p>Strict later Brackenbury</p>');
          document.getElementById('unmasked-later')!.insertAdjacentHTML('beforeend', '<p>Unmasked later Kettleby</p>');
          document.body.insertAdjacentHTML('beforeend', `<p data-veil-unmask>${finalText}</p>`);
        }, FINAL_TEXT);
      });

    // 1. The project is balanced; the site narrows to strict.
    initOptions = { privacyLevel: 'strict' };
    captures['site'] = await record();
    // 2. The admin sets the project to strict; the site uses the defaults.
    const patched = await apiAs(server, `/api/v1/projects/${server.projectId}`, { method: 'PATCH', body: { privacyLevel: 'strict' } });
    expect(patched.status).toBe(200);
    initOptions = {};
    captures['project'] = await record();
    // 3. The site asks for balanced on a strict project: it cannot widen the level.
    initOptions = { privacyLevel: 'balanced' };
    captures['widen'] = await record();
  });

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await server?.stop();
    server?.cleanup();
  });

  const cases = [
    ['init({ privacyLevel: "strict" }) on a balanced project', 'site'],
    ['a project set to strict by the admin API', 'project'],
    ['a strict project that the site asks to widen to balanced', 'widen'],
  ] as const;

  for (const [name, key] of cases) {
    describe(name, () => {
      it('masks all page text, the title and text added later', () => {
        expect(captures[key]!.pageErrors).toEqual([]);
        expect(leaked(captures[key]!.all, MASKED_TEXT)).toEqual([]);
      });

      it('masks attribute values and drops media sources', () => {
        expect(leaked(captures[key]!.all, MASKED_ATTRIBUTES)).toEqual([]);
        // Structure survives: the image is still there, with its size.
        expect(captures[key]!.wire).toMatch(/"tagName":"img","attributes":\{"rr_width"/);
      });

      it('masks typed values', () => {
        expect(leaked(captures[key]!.all, Object.values(TYPED))).toEqual([]);
      });

      it('shows ordinary text under data-veil-unmask, with personal data still masked', () => {
        for (const text of UNMASKED_TEXT) expect(captures[key]!.wire).toContain(text);
        expect(leaked(captures[key]!.all, UNMASKED_PII)).toEqual([]);
      });

      it('sends text added later under an existing data-veil-unmask element', () => {
        // The server scrubs each batch on its own: it cannot know this node's parent is
        // unmasked when the snapshot came in an earlier batch, so it may store it masked.
        expect(captures[key]!.wire).toContain('Unmasked later Kettleby');
      });
    });
  }

  it('stores none of the secrets of any session', () => {
    expect(leaked(captures['widen']!.stored, SECRETS)).toEqual([]);
  });
});
