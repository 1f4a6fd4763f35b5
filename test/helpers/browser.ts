import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { gunzipSync } from 'node:zlib';

/** Debian's Chromium: no browser download works on these machines. */
export const CHROMIUM_PATH = process.env.VEIL_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep headless Chromium quiet on a closed network and a root account. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Every body the page sent to Veil's ingest route, decoded (gzip or multipart or plain JSON). */
export function captureIngestBodies(page: Page): { bodies: string[]; requests: Request[] } {
  const bodies: string[] = [];
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (!request.url().includes('/api/v1/ingest') || request.method() !== 'POST') return;
    requests.push(request);
    const buf = request.postDataBuffer();
    if (buf) bodies.push(decodeBody(buf));
  });
  return { bodies, requests };
}

/** Decodes a body as sent: gzip magic -> gunzip; multipart -> each part decoded; else utf-8. */
export function decodeBody(buf: Buffer): string {
  if (buf[0] === 0x1f && buf[1] === 0x8b) return gunzipSync(buf).toString('utf8');
  const text = buf.toString('latin1');
  if (text.startsWith('------')) {
    // multipart: decode each part's payload the same way
    return text
      .split(/\r\n------[^\r\n]*/)
      .map((part) => {
        const at = part.indexOf('\r\n\r\n');
        return at === -1 ? part : decodeBody(Buffer.from(part.slice(at + 4), 'latin1'));
      })
      .join('\n');
  }
  return buf.toString('utf8');
}
