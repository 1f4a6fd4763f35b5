import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { startVeil, type VeilServer } from '../helpers/veil-server.js';
import { startFixtureOrigin, type FixtureOrigin } from './support/fixture-origin.js';
import { fixturePage, leaked, recordPage, type Capture } from './support/record-page.js';
import { inputTextsFor } from './support/rrweb-events.js';

const FINAL_TEXT = 'Leak suite finished';
const PAGE_PATH = '/account/jane.path@example.com/leak.html';
const PAGE_QUERY = '?email=jane.query@example.com&utm_source=newsletter#access_token=frag-secret-9931';
const PUSH_URL = '/orders/jane.push@example.com/view?ref=pushref-5521';

/**
 * One vector per entry: the secrets that must never leave the page, and the ordinary text of
 * the same vector that must (so a recorder that records nothing cannot pass).
 */
const VECTORS: Record<string, { secrets: string[]; ordinary: string[] }> = {
  'text typed into a text input': { secrets: ['Zorblat Quennifer'], ordinary: ['Leak suite ordinary heading'] },
  'a value attribute in the markup': { secrets: ['Prefilled Ormsby'], ordinary: ['Prefilled'] },
  'a value set by script (input.value)': { secrets: ['Script value Thistlewood'], ordinary: ['Script value'] },
  'a password, also after a show-password toggle': { secrets: ['Hunter-Pw-7731', 'Hunter-Pw-7731Zq'], ordinary: ['Show password'] },
  'a password toggled to text before anything was typed': { secrets: ['Toggled-first-Pw-4410'], ordinary: ['Show new password'] },
  'a hidden input, also when script changes it': { secrets: ['hidden-token-4471', 'hidden-later-5582', 'hidden-attr-6693'], ordinary: ['csrf'] },
  'an email set with setAttribute("value")': { secrets: ['jane.attr@example.com'], ordinary: ['Use my saved email'] },
  'a textarea filled by script, then typed into': { secrets: ['Script bio Wobbleton', 'typed Frizzle'], ordinary: ['Bio'] },
  'textarea text set by script (textContent)': { secrets: ['Textarea text Bramblecott'], ordinary: ['Bio 2'] },
  'select option labels (text and label attribute)': { secrets: ['Vexmoor Plaza Zone', 'Quillfeather Downs Label'], ordinary: ['Region'] },
  'radio and checkbox values': { secrets: ['Radio value Gildersleeve', 'Checkbox value Hobnail'], ordinary: ['Plan', 'News'] },
  'PII in placeholder, aria-label and title': {
    secrets: ['jane.placeholder@example.com', '+44 20 7946 0958', '7946 0958', 'jane.tooltip@example.com', 'jane.title-mut@example.com'],
    ordinary: ['e.g. ', 'Call ', 'Mail '],
  },
  'a cc-number field inside data-veil-unmask': { secrets: ['4242 4242 4242 4242'], ordinary: ['Payment fields stay masked'] },
  'a one-time-code field': { secrets: ['K7Q9ZP'], ordinary: ['Code'] },
  'an input under data-veil-ignore': { secrets: ['Ignored typed Zephyrine'], ordinary: ['Ignored'] },
  'PII in the page URL path, query and fragment': {
    secrets: ['jane.path@example.com', 'jane.query@example.com', 'frag-secret-9931'],
    ordinary: ['utm_source=newsletter', '/leak.html'],
  },
  'a pushState URL, seen through relative links and images': { secrets: ['jane.push@example.com', 'pushref-5521'], ordinary: ['Reviews link'] },
  'text typed into a contenteditable': { secrets: ['Typed note Grimsditch', 'Grimsditch'], ordinary: ['Welcome to the leak test shop'] },
  'an email inside a longer text node': { secrets: ['jane.text@example.com'], ordinary: ['Contact our customer', 'for details about the order'] },
  'card, IBAN and phone numbers in text': {
    secrets: ['4111 1111 1111 1111', 'DE89 3704 0044 0532 0130 00', '(415) 555-2671', '555-2671', '+44 20 7946 0958'],
    ordinary: ['Paid with card', 'from IBAN', 'anytime'],
  },
  'PII in a data-* attribute, a mailto link and an image URL': {
    secrets: ['jane.data@example.com', 'jane.mailto@example.com', 'jane.img@example.com', 'imgsig-7781'],
    ordinary: ['Data attribute carrier', 'Write to us', 'cdn.invalid'],
  },
  'a same-origin iframe: its inputs and its text': {
    secrets: ['Iframe typed Plumbottom', 'jane.iframe@example.com'],
    ordinary: ['Frame ordinary text for'],
  },
  'a data-veil-block element: no text, attributes or later children': {
    secrets: ['Blocked secret Quaxley', 'block-attr-Yarrowby', 'Blocked title Ostrander', 'Blocked later Crumplehorn'],
    ordinary: ['rr_width'],
  },
  'the document title, also when script changes it': {
    secrets: ['jane.title@example.com', 'jane.retitle@example.com'],
    ordinary: ['Order for', 'Paid by'],
  },
  'a <style>, a stylesheet added later and an inserted CSS rule': {
    secrets: ['jane.style@example.com', 'jane.style2@example.com', 'jane.rule@example.com'],
    ordinary: ['rebeccapurple', 'darkorange', 'seagreen'],
  },
  'nodes added and text changed later under data-veil-mask': {
    secrets: ['Masked static Dribbleworth', 'Added later Snorkelwick', 'Nested Fiddlesworth', 'Changed text Wobblecombe'],
    ordinary: ['data-veil-mask'],
  },
  'shadow DOM under a data-veil-mask host, also added later': {
    secrets: ['Shadow static Pendlebury', 'Shadow added Wumpleton'],
    ordinary: ['Shadow ordinary text for'],
  },
  'shadow DOM under a data-veil-block host, also added later': {
    secrets: ['Shadow blocked Oddbury', 'Shadow blocked later Pumbleton'],
    ordinary: ['Shadow ordinary text for'],
  },
  'PII in an open shadow root': { secrets: ['jane.shadow@example.com'], ordinary: ['Shadow ordinary text for'] },
};

describe('balanced (default) privacy in real Chromium, page on another origin', () => {
  let server: VeilServer;
  let origin: FixtureOrigin;
  let browser: Browser;
  let capture: Capture;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startVeil(), launchChromium()]);
    origin = await startFixtureOrigin((path) =>
      path === '/frame.html' ? fixturePage('frame.html', server) : path.endsWith('/leak.html') ? fixturePage('balanced-page.html', server) : undefined,
    );
    capture = await recordPage(browser, server, origin.url + PAGE_PATH + PAGE_QUERY, FINAL_TEXT, async (page) => {
      const frame = page.frameLocator('#frame');
      await page.locator('#name').pressSequentially('Zorblat Quennifer');
      await page.locator('#password').pressSequentially('Hunter-Pw-7731');
      await page.click('#toggle-password');
      await page.locator('#password').pressSequentially('Zq');
      await page.click('#toggle-password2');
      await page.locator('#password2').pressSequentially('Toggled-first-Pw-4410');
      await page.click('#fill-email');
      await page.evaluate(() => {
        const $ = (id: string) => document.getElementById(id) as HTMLInputElement;
        $('scripted').value = 'Script value Thistlewood';
        $('csrf').value = 'hidden-later-5582';
        $('csrf').setAttribute('value', 'hidden-attr-6693');
        $('bio').value = 'Script bio Wobbleton';
        $('bio2').textContent = 'Textarea text Bramblecott';
        $('contact').title = 'Ping jane.title-mut@example.com';
      });
      await page.locator('#bio').press('End');
      await page.locator('#bio').pressSequentially(' typed Frizzle');
      await page.selectOption('#region', 'vx');
      await page.selectOption('#region', 'qf');
      await page.check('#plan');
      await page.check('#news');
      await page.locator('#cc').pressSequentially('4242 4242 4242 4242');
      await page.locator('#otc').pressSequentially('K7Q9ZP');
      await page.locator('#ignored').pressSequentially('Ignored typed Zephyrine');
      await page.locator('#notes').pressSequentially('Typed note Grimsditch');
      await frame.locator('#frame-input').pressSequentially('Iframe typed Plumbottom');
      await page.evaluate((pushUrl) => {
        history.pushState({}, '', pushUrl);
        document.body.insertAdjacentHTML('beforeend', '<a href="#reviews">Reviews link</a><a href="?tab=2">Tab link</a><img alt="" width="1" height="1" src="pixel.png">');
        document.title = 'Paid by jane.retitle@example.com';
        const style = document.createElement('style');
        style.textContent = '.late::before { content: "jane.style2@example.com"; color: darkorange; }';
        document.head.append(style);
        (document.styleSheets[0] as CSSStyleSheet).insertRule('.rule::before { content: "jane.rule@example.com"; color: seagreen; }');
        document.getElementById('blocked')!.insertAdjacentHTML('beforeend', '<b>Blocked later Crumplehorn</b>');
        document.getElementById('masked')!.insertAdjacentHTML('beforeend', '<p>Added later Snorkelwick <b>Nested Fiddlesworth</b></p>');
        document.getElementById('masked-p')!.firstChild!.textContent = 'Changed text Wobblecombe';
        document.getElementById('shadow-masked')!.shadowRoot!.append(Object.assign(document.createElement('p'), { textContent: 'Shadow added Wumpleton' }));
        document.getElementById('shadow-blocked')!.shadowRoot!.append(Object.assign(document.createElement('p'), { textContent: 'Shadow blocked later Pumbleton' }));
      }, PUSH_URL);
      await page.evaluate((text) => document.body.insertAdjacentHTML('beforeend', `<p>${text}</p>`), FINAL_TEXT);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await server?.stop();
    server?.cleanup();
  });

  it('recorded and stored the session', () => {
    expect(capture.pageErrors).toEqual([]);
    expect(capture.wire).toContain(FINAL_TEXT);
    expect(capture.events.length).toBeGreaterThan(2);
  });

  for (const [vector, { secrets, ordinary }] of Object.entries(VECTORS)) {
    it(`${vector}: the secret never leaves the page, the ordinary text does`, () => {
      expect(leaked(capture.all, secrets)).toEqual([]);
      for (const text of ordinary) expect(capture.wire).toContain(text);
    });
  }

  it('never-unmask fields are masked with the fixed mask (their length is hidden)', () => {
    for (const id of ['password', 'password2', 'cc', 'otc', 'csrf']) {
      const texts = inputTextsFor(capture.events, id);
      for (const text of texts) expect(text === '' || text === '********', `${id}: ${text}`).toBe(true);
    }
    expect(inputTextsFor(capture.events, 'password').length).toBeGreaterThan(0);
  });

  it('records no input events under data-veil-ignore', () => {
    expect(inputTextsFor(capture.events, 'ignored')).toEqual([]);
    expect(inputTextsFor(capture.events, 'name').length).toBeGreaterThan(0);
  });
});
