import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { VeilServer } from '../helpers/veil-server.js';

/** A hand-built rrweb event (the wire shape; the viewer replays these like recorded ones). */
export interface Ev {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

let nextId = 1;
const el = (tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({ type: 2, tagName, attributes, childNodes, id: nextId++ });
const text = (textContent: string) => ({ type: 3, textContent, id: nextId++ });

/**
 * A small shop page as rrweb serializes it: a title, a heading, a product list, a button (id
 * `buy`), an email input (id `email`). Answers the snapshot and the ids of the button and input.
 */
export function pageSnapshot(title: string, heading: string, rows = 6): { node: unknown; buttonId: number; inputId: number } {
  nextId = 1;
  const doc = { type: 0, childNodes: [] as unknown[], id: nextId++ };
  doc.childNodes.push({ type: 1, name: 'html', publicId: '', systemId: '', id: nextId++ });
  const style = el('style', {}, [text('body{font-family:sans-serif;margin:0;background:#fafafa}header{background:#24324f;color:#fff;padding:18px 32px;font-size:22px}main{padding:24px 32px}.product{background:#fff;border:1px solid #ddd;border-radius:8px;padding:14px;margin:0 0 10px;display:flex;justify-content:space-between}button{background:#e3572b;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px}input{padding:8px;font-size:15px;width:280px}')]);
  const head = el('head', {}, [el('title', {}, [text(title)]), style]);
  const button = el('button', { id: 'buy' }, [text('Add to cart')]);
  const input = el('input', { id: 'email', type: 'email', value: '' });
  const products = Array.from({ length: rows }, (_, i) => el('div', { class: 'product' }, [el('span', {}, [text(`Aurora lamp no. ${i + 1}`)]), el('strong', {}, [text(`€${49 + i * 10}`)])]));
  const body = el('body', {}, [el('header', {}, [text(heading)]), el('main', {}, [...products, el('p', {}, [input]), button])]);
  doc.childNodes.push(el('html', { lang: 'en' }, [head, body]));
  return { node: doc, buttonId: button.id, inputId: input.id };
}

/** Meta + full snapshot of a page at `t`. */
export function pageView(t: number, href: string, title: string, heading: string) {
  const snap = pageSnapshot(title, heading);
  return {
    events: [
      { type: 4, timestamp: t, data: { href, width: 1024, height: 640 } },
      { type: 2, timestamp: t + 1, data: { node: snap.node, initialOffset: { left: 0, top: 0 } } },
    ] as Ev[],
    buttonId: snap.buttonId,
    inputId: snap.inputId,
  };
}

export const move = (t: number, x: number, y: number): Ev => ({ type: 3, timestamp: t, data: { source: 1, positions: [{ x, y, id: 1, timeOffset: 0 }] } });
export const click = (t: number, id: number, x: number, y: number): Ev => ({ type: 3, timestamp: t, data: { source: 2, type: 2, id, x, y } });
export const input = (t: number, id: number, masked: string): Ev => ({ type: 3, timestamp: t, data: { source: 5, text: masked, isChecked: false, id } });
export const gap = (t: number, batches: number, events: number): Ev => ({ type: 5, timestamp: t, data: { tag: 'veil-gap', payload: { batches, events, seqs: [] } } });

/** Posts one batch to the ingest door with the project key, as a recorder would. */
export const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0';
export const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

export async function ingest(server: VeilServer, sessionId: string, seq: number, events: Ev[], userId: string | null = null, userAgent = CHROME_LINUX): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-veil-key': server.projectKey, 'user-agent': userAgent },
    body: JSON.stringify({ v: 1, sessionId, seq, ...(userId ? { userId } : {}), events }),
  });
  if (!response.ok) throw new Error(`ingest ${seq}: ${response.status} ${await response.text()}`);
}

/**
 * A session of `minutes` minutes, one batch per 5 s (the recorder's default flush): a page view,
 * mouse moves, a click and typing in the first minute, a second page at half time, a dropped-batch
 * gap marker, and an inactive stretch in the middle (no interaction from 25 % to 45 %).
 */
export async function recordSession(
  server: VeilServer,
  opts: { sessionId: string; userId?: string | null; minutes: number; startedAgoMs?: number; href?: string; title?: string; heading?: string; userAgent?: string },
): Promise<{ start: number; durationMs: number }> {
  const durationMs = opts.minutes * 60_000;
  const start = Date.now() - (opts.startedAgoMs ?? durationMs + 60_000);
  const href = opts.href ?? 'https://shop.example.com/lamps';
  const first = pageView(start, href, opts.title ?? 'Lamps — Example shop', opts.heading ?? 'Example shop');
  const second = pageView(start + Math.round(durationMs / 2), 'https://shop.example.com/checkout', 'Checkout — Example shop', 'Checkout');
  const batchMs = 5_000;
  const batches = Math.ceil(durationMs / batchMs);
  let ids = first;
  for (let seq = 0; seq < batches; seq++) {
    const t0 = start + seq * batchMs;
    const events: Ev[] = seq === 0 ? [...first.events] : [];
    if (t0 <= second.events[0]!.timestamp && second.events[0]!.timestamp < t0 + batchMs) {
      events.push(...second.events);
      ids = second;
    }
    const frac = (seq * batchMs) / durationMs;
    const idle = frac > 0.25 && frac < 0.45;
    if (!idle) for (let k = 1; k < 10; k++) events.push(move(t0 + k * 500, 100 + ((seq * 37 + k * 53) % 800), 120 + ((seq * 29 + k * 31) % 420)));
    if (seq === 2) events.push(click(t0 + 2_600, ids.buttonId, 60, 560));
    if (seq === 3) for (let k = 0; k < 6; k++) events.push(input(t0 + 200 + k * 150, ids.inputId, '*'.repeat(k + 1)));
    if (seq === Math.floor(batches * 0.6)) events.push(gap(t0 + 100, 3, 240));
    if (seq === batches - 1) events.push(move(start + durationMs, 500, 300));
    events.sort((a, b) => a.timestamp - b.timestamp);
    if (events.length) await ingest(server, opts.sessionId, seq, events, opts.userId ?? null, opts.userAgent);
  }
  return { start, durationMs };
}

/** Logs the page in through the login form with `token`. */
export async function logIn(page: Page, server: VeilServer, token = server.adminToken): Promise<void> {
  await page.goto(server.url + '/');
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('.topbar');
}

/** Fails the test if the page ever opens a dialog (alert, confirm, prompt). */
export function forbidDialogs(page: Page): { dialogs: string[]; check(): void } {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { dialogs, check: () => expect(dialogs).toEqual([]) };
}
