// Records raw rrweb events (no Veil, no masking) of a page full of personal data in real
// Chromium, for the scrubber's unit tests: packages/privacy/test/fixtures/recorded-raw-shop.json.
// Usage: node test/privacy/support/record-raw-fixture.mjs   (rerun only when rrweb changes)
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const out = `${root}packages/privacy/test/fixtures/recorded-raw-shop.json`;

const { outputFiles } = await build({
  stdin: { contents: "import { record } from '@rrweb/record'; window.rrwebRecord = record;", resolveDir: root },
  bundle: true, format: 'iife', minify: true, write: false, logLevel: 'warning',
});
const rrweb = outputFiles[0].text;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Orders of jane.doe@example.com</title>
<style>.who::after { content: "jane.doe@example.com"; color: teal; }</style>
</head><body>
<h1>Your orders</h1>
<p>Signed in as jane.doe@example.com. Questions? Call +44 20 7946 0958.</p>
<p>Paid with 4111 1111 1111 1111 from DE89 3704 0044 0532 0130 00.</p>
<a href="/orders?email=jane.doe@example.com&utm_source=mail">Order history</a>
<img alt="Avatar" width="8" height="8" src="https://cdn.example/u/jane.doe@example.com.png?sig=abc123">
<form><input id="name" placeholder="e.g. jane.doe@example.com" title="Jane Doe">
<input id="card" autocomplete="cc-number"><input id="pw" type="text" autocomplete="current-password">
<input type="hidden" name="csrf" value="hidden-csrf-token-71">
<select id="region"><option>Choose</option><option value="vx">Vexmoor Plaza</option></select>
<textarea id="note"></textarea></form>
<section data-veil-mask><p>Masked Dribbleworth</p></section>
<div data-veil-block>Blocked Quaxley</div>
<div id="notes" contenteditable="true"></div>
</body></html>`;

const browser = await chromium.launch({ executablePath: process.env.VEIL_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.route('**/*', (route) =>
    route.request().url().startsWith('http://shop.example/') ? route.fulfill({ contentType: 'text/html', body: PAGE }) : route.abort(),
  );
  await page.goto('http://shop.example/account/jane.doe@example.com?email=jane.doe@example.com#access_token=tok-5521');
  await page.addScriptTag({ content: rrweb });
  // No masking at all: the scrubber alone must do it. (rrweb masks password inputs anyway.)
  await page.evaluate(() => {
    window.events = [];
    window.rrwebRecord({ emit: (e) => window.events.push(e), maskInputOptions: { password: false }, slimDOMOptions: 'all' });
  });
  await page.locator('#name').pressSequentially('Jane Doe');
  await page.locator('#card').pressSequentially('4111111111111111');
  await page.locator('#pw').pressSequentially('Hunter2-Secret');
  await page.selectOption('#region', 'vx');
  await page.locator('#note').pressSequentially('Call me on +44 20 7946 0958');
  await page.locator('#notes').pressSequentially('Typed Grimsditch');
  await page.evaluate(() => {
    document.querySelector('#name').setAttribute('value', 'jane.doe@example.com');
    document.title = 'Paid by jane.doe@example.com';
    document.body.insertAdjacentHTML('beforeend', '<p>Receipt sent to jane.doe@example.com</p>');
    document.querySelector('section').insertAdjacentHTML('beforeend', '<p>Added Snorkelwick</p>');
  });
  await page.waitForFunction(() => window.events.some((e) => JSON.stringify(e).includes('Snorkelwick')));
  const events = await page.evaluate(() => window.events);
  writeFileSync(out, JSON.stringify(events) + '\n');
  console.log(`wrote ${events.length} events (${JSON.stringify(events).length} bytes) to ${out}`);
} finally {
  await browser.close();
}
