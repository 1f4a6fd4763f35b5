import { gzipSync } from 'node:zlib';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../lib/chromium.js';
import { timeGets } from '../lib/http-get.js';
import type { Row, Scenario } from '../lib/result.js';
import { ratioOf } from '../lib/result.js';
import { DemoRecording } from '../lib/rrweb-fixture.js';
import { seedDataDir, seedSessionId, type ChunkSeed, type SessionSeed } from '../lib/seed.js';
import { median, round } from '../lib/stats.js';
import { startVeil, tempDataDir } from '../lib/veil-server.js';

const S = '6 replay';
const BATCH_MS = 5_000;
/** Raw JSON per 5-second batch of the long recording: ≈ 300 KB per minute, what scenario 3 measures on the demo. */
const BATCH_RAW_BYTES = 25_000;
/** The recorder takes a full snapshot every 5 minutes (CHECKOUT_EVERY_MS). */
const CHECKOUT_BATCHES = 60;

/**
 * Time to first frame of a 60-minute recording in the viewer (against a 1-minute one), and the
 * session list's latency with 100,000 sessions stored (against `GET /api/v1/auth/me`).
 */
export const replayScenario: Scenario = {
  id: 'replay',
  title: S,
  async run({ smoke, log }) {
    const size = smoke ? { sessions: 500, longBatches: 24, listRequests: 20, frames: 1 } : { sessions: 100_000, longBatches: 720, listRequests: 200, frames: 3 };
    const now = Date.now();
    const dataDir = tempDataDir('replay');
    const long = recording(seedSessionId('longreplay', 1), now - size.longBatches * BATCH_MS - 60_000, size.longBatches);
    const short = recording(seedSessionId('shortreplay', 1), now - 120_000, 12);
    const seedStart = Date.now();
    const secrets = await seedDataDir(dataDir, now, (add) => {
      for (const r of [long, short]) {
        add.session(r.session);
        r.chunks.forEach(add.chunk);
      }
      for (let i = 0; i < size.sessions; i++) {
        // Spread over the last ~20 days; a third anonymous; 20,000 distinct users; up to 1 h long.
        const startedAt = now - 180_000 - i * 17_000;
        add.session({
          id: seedSessionId('list', i), userId: i % 3 === 0 ? null : `user-${i % 20_000}`, startedAt, lastEventAt: startedAt + ((i * 7_919) % 3_600) * 1_000,
          firstUrl: `https://shop.example.com/p/${i % 500}`, pages: 1 + (i % 7), clicks: i % 40, eventCount: 100 + (i % 5_000), batchCount: 1 + (i % 700), storedBytes: 10_000 + (i % 900_000),
        });
      }
    });
    log(`seeded ${size.sessions + 2} sessions (a ${size.longBatches * BATCH_MS / 60_000}-minute one of ${size.longBatches} batches, ${round(long.rawBytes / 1e6)} MB raw) in ${Date.now() - seedStart} ms`);

    const veil = await startVeil({ dataDir, reuse: secrets }).catch((err: unknown) => {
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    });
    let browser: Browser | null = null;
    try {
      browser = await launchChromium();
      const rows: Row[] = [];
      // The list, first: the server is otherwise idle.
      const auth = { authorization: `Bearer ${secrets.adminToken}` };
      const me = await timeGets(`${veil.url}/api/v1/auth/me`, auth, size.listRequests);
      const queries: Array<[string, string]> = [
        ['newest 50', 'limit=50'],
        ['userId filter', 'limit=50&userId=user-4242'],
        ['minDurationMs filter', 'limit=50&minDurationMs=600000'],
        ['userId + minDurationMs', 'limit=50&userId=user-4242&minDurationMs=60000'],
        ['urlContains filter', 'limit=50&urlContains=%2Fp%2F42'],
        // Worst cases: filters that match (almost) nothing, so no early stop on the start-time index.
        ['urlContains, no match', 'limit=50&urlContains=no-such-page'],
        ['minDurationMs, no match', 'limit=50&minDurationMs=86400000'],
      ];
      for (const [name, query] of queries) {
        const t = await timeGets(`${veil.url}/api/v1/sessions?${query}`, auth, size.listRequests);
        log(`list ${name}: p50 ${round(t.p50)} ms, p99 ${round(t.p99)} ms`);
        rows.push({
          scenario: S, subject: 'Veil', metric: `session list p99, ${name} (?${query})`, value: round(t.p99), unit: 'ms',
          ratio: { vs: 'GET /auth/me', value: ratioOf(t.p99, me.p99) }, goal: '≤ 100 ms', met: t.p99 <= 100,
          note: `p50 ${round(t.p50)} ms; ${size.sessions.toLocaleString('en-US')} sessions stored; ${size.listRequests} sequential requests`,
        });
      }

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const login = await context.request.post(`${veil.url}/api/v1/auth/login`, { data: { token: secrets.adminToken } });
      if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
      await firstFrame(context, `${veil.url}/sessions/${short.session.id}`); // warm-up: the viewer's own code, cold caches
      const timeShort = await firstFrame(context, `${veil.url}/sessions/${short.session.id}`);
      const longTimes: Array<{ ms: number; signal: string }> = [];
      for (let i = 0; i < size.frames; i++) longTimes.push(await firstFrame(context, `${veil.url}/sessions/${long.session.id}`));
      const ms = median(longTimes.map((t) => t.ms));
      log(`first frame: 1 min ${round(timeShort.ms)} ms, ${size.longBatches * BATCH_MS / 60_000} min ${longTimes.map((t) => round(t.ms)).join(', ')} ms (${longTimes[0]!.signal})`);
      await context.close();
      rows.unshift({
        scenario: S, subject: 'Veil viewer', metric: `time to first frame, ${size.longBatches * BATCH_MS / 60_000}-minute recording`, value: round(ms), unit: 'ms',
        ratio: { vs: '1-minute recording', value: ratioOf(ms, timeShort.ms) }, goal: '< 1 s', met: ms < 1_000,
        note: `from navigation to ${longTimes[0]!.signal}; ${size.longBatches} batches, ${round(long.rawBytes / 1e6)} MB of events; median of ${size.frames}; 1-minute: ${round(timeShort.ms)} ms`,
      });
      rows.push({ scenario: S, subject: 'Veil', metric: 'GET /api/v1/auth/me p99 (anchor)', value: round(me.p99), unit: 'ms', note: `p50 ${round(me.p50)} ms` });
      return rows;
    } finally {
      await browser?.close();
      await veil.close();
    }
  },
};

/** A recording of `batches` 5-second batches of the demo shop, as stored chunks plus its sessions row. */
function recording(id: string, startedAt: number, batches: number): { session: SessionSeed; chunks: ChunkSeed[]; rawBytes: number } {
  const rec = new DemoRecording('https://shop.example.com/demo');
  const chunks: ChunkSeed[] = [];
  let rawBytes = 0;
  let events = 0;
  for (let seq = 0; seq < batches; seq++) {
    const from = startedAt + seq * BATCH_MS;
    const list = seq % CHECKOUT_BATCHES === 0 ? [...rec.start(from), ...rec.batch(from + 10, BATCH_MS - 10, BATCH_RAW_BYTES)] : rec.batch(from, BATCH_MS, BATCH_RAW_BYTES);
    const json = JSON.stringify(list);
    rawBytes += json.length;
    events += list.length;
    chunks.push({ sessionId: id, seq, firstTs: list[0]!.timestamp, lastTs: list[list.length - 1]!.timestamp, eventCount: list.length, body: gzipSync(json, { level: 6 }) });
  }
  const storedBytes = chunks.reduce((n, c) => n + c.body.length, 0);
  const session: SessionSeed = {
    id, userId: 'user-long', startedAt, lastEventAt: chunks[chunks.length - 1]!.lastTs, firstUrl: 'https://shop.example.com/demo',
    pages: 1, clicks: batches * 3, eventCount: events, batchCount: batches, storedBytes,
  };
  return { session, chunks, rawBytes };
}

/**
 * Opens the player page and waits for the first frame: the replay iframe's document has a body
 * with children (rrweb rebuilt the first full snapshot). If no replay iframe is readable, the
 * player container's `data-ready="true"` is the fallback signal.
 */
async function firstFrame(context: BrowserContext, url: string): Promise<{ ms: number; signal: string }> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () => {
        const frames = [...document.querySelectorAll('iframe')];
        for (const f of frames) {
          try {
            if ((f.contentDocument?.body?.childElementCount ?? 0) > 0) return { ms: performance.now(), signal: 'replay iframe body has content' };
          } catch {
            // a cross-origin frame: not ours to read
          }
        }
        const readable = frames.some((f) => f.contentDocument !== null);
        if (!readable && document.querySelector('[data-ready="true"]')) return { ms: performance.now(), signal: 'data-ready="true"' };
        return false;
      },
      undefined,
      { timeout: 120_000, polling: 'raf' },
    );
    return (await handle.jsonValue()) as { ms: number; signal: string };
  } finally {
    await page.close();
  }
}
