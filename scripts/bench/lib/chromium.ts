import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (no browser download works here), with the flags of test/helpers/browser.ts. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.VEIL_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
    ],
  });
}
