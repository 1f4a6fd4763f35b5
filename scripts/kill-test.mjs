// Kill test: acknowledged means durable.
//
// Starts the built server (apps/server/dist/server.js) on a temp VEIL_DATA_DIR, has N clients
// send gzip batches concurrently, `kill -9`s the server once enough batches were acknowledged,
// restarts it on the same data, and checks that every batch that got a 2xx is present and
// readable through the API, that `PRAGMA integrity_check` says ok, and that the batches that got
// no answer can be re-sent successfully. Exits 1 when any check fails.
//
// Usage: node scripts/kill-test.mjs [--clients 16] [--acks-before-kill 400] [--json]
//   (build first: node scripts/build.mjs)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(root, 'apps/server/dist/server.js');
const Database = createRequire(join(root, 'apps/server/package.json'))('better-sqlite3');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

/** Starts the server and resolves once its banner names the URL (and, on first start, the secrets). */
function startServer(dataDir, firstStart) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', VEIL_DATA_DIR: dataDir, VEIL_LOG_LEVEL: 'warn', VEIL_RETENTION_SWEEP_MINUTES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      const url = /Veil is running: (http:\/\/\S+)/.exec(out)?.[1];
      if (!url || (firstStart && !/admin token\s+\S+/.test(out))) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        key: /project key\s+(\S+)/.exec(out)?.[1],
        adminToken: /admin token\s+(\S+)/.exec(out)?.[1],
        exited: new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', () => r()))),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

/** A ~45 KB batch: a page view, a full snapshot of a product list, and a marker naming (session, seq). */
export function makeBatch(sessionId, seq, now = Date.now()) {
  const t = now - 10_000;
  const items = Array.from({ length: 190 }, (_, i) => ({
    type: 2,
    id: 10 + i * 2,
    tagName: 'li',
    attributes: { class: 'product-card product-card--featured', 'data-sku': `SKU-${seq}-${i}` },
    childNodes: [{ type: 3, id: 11 + i * 2, textContent: `Aurora desk lamp no. ${i}: hand-made, warm light, ships in 3 days` }],
  }));
  return {
    v: 1,
    sessionId,
    seq,
    events: [
      { type: 4, timestamp: t, data: { href: 'https://shop.example/lamps', width: 1280, height: 800 } },
      {
        type: 2,
        timestamp: t + 1,
        data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'ul', attributes: {}, childNodes: items }] }, initialOffset: { top: 0, left: 0 } },
      },
      { type: 5, timestamp: t + 2, data: { tag: 'kill-test', payload: { seq } } },
    ],
  };
}

/** POSTs one gzip batch; resolves { status, body } or { error } when no answer came. */
function post(url, key, gz, agent) {
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/v1/ingest`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-veil-key': key, 'content-length': gz.length } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', (error) => resolve({ error }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    req.end(gz);
  });
}

async function getJson(url, path, token) {
  const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

/** The seqs whose marker event is readable through the sessions API. */
async function presentSeqs(server, adminToken, sessionId) {
  const { status, body } = await getJson(server.url, `/api/v1/sessions/${sessionId}/events`, adminToken);
  if (status === 404) return new Set();
  if (status !== 200) throw new Error(`events of ${sessionId}: HTTP ${status}`);
  return new Set(body.filter((e) => e.type === 5 && e.data?.tag === 'kill-test').map((e) => e.data.payload.seq));
}

function integrityCheck(dataDir) {
  const db = new Database(join(dataDir, 'veil.db'), { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

/** Runs the whole test; answers the counts (and `ok`). */
export async function runKillTest({ clients = 16, acksBeforeKill = 400 } = {}) {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run node scripts/build.mjs first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'veil-kill-'));
  try {
    const first = await startServer(dataDir, true);
    const { key, adminToken } = first;
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const acked = []; // { sessionId, seq }
    const unanswered = []; // { sessionId, seq, gz }
    const refused = []; // answered, but not 2xx (must not happen)
    let killed = false;

    const sessions = Array.from({ length: clients }, (_, i) => `kill_${createHash('sha256').update(`${dataDir}${i}`).digest('hex').slice(0, 24)}`);
    const clientLoop = async (sessionId) => {
      for (let seq = 0; !killed; seq++) {
        const gz = gzipSync(JSON.stringify(makeBatch(sessionId, seq)));
        const answer = await post(first.url, key, gz, agent);
        if (answer.error) {
          unanswered.push({ sessionId, seq, gz });
          return;
        }
        if (answer.status >= 200 && answer.status < 300) acked.push({ sessionId, seq });
        else refused.push({ sessionId, seq, status: answer.status, body: answer.body });
        if (acked.length >= acksBeforeKill && !killed) {
          killed = true;
          // The whole process, at once, mid-load: the other clients are still sending.
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(sessions.map(clientLoop));
    await first.exited;
    agent.destroy();

    const second = await startServer(dataDir, false);
    try {
      const integrity = integrityCheck(dataDir);
      let present = 0;
      const missing = [];
      const presentBySession = new Map();
      for (const sessionId of sessions) presentBySession.set(sessionId, await presentSeqs(second, adminToken, sessionId));
      for (const { sessionId, seq } of acked) {
        if (presentBySession.get(sessionId).has(seq)) present++;
        else missing.push(`${sessionId}#${seq}`);
      }

      // Clients that got no answer retry, as the recorder does.
      let resentOk = 0;
      let committedBeforeKill = 0;
      const resendFailures = [];
      for (const { sessionId, seq, gz } of unanswered) {
        const answer = await post(second.url, key, gz, undefined);
        if (answer.status === 200) {
          resentOk++;
          if (JSON.parse(answer.body).duplicate) committedBeforeKill++;
        } else resendFailures.push(`${sessionId}#${seq}: ${answer.status ?? answer.error?.code}`);
      }
      let presentAfterResend = 0;
      for (const { sessionId, seq } of unanswered) if ((await presentSeqs(second, adminToken, sessionId)).has(seq)) presentAfterResend++;

      const result = {
        clients,
        acknowledged: acked.length,
        present,
        missing,
        refused: refused.length,
        unanswered: unanswered.length,
        resentOk,
        committedBeforeKill,
        presentAfterResend,
        resendFailures,
        integrity,
      };
      result.ok =
        missing.length === 0 &&
        refused.length === 0 &&
        integrity === 'ok' &&
        resentOk === unanswered.length &&
        presentAfterResend === unanswered.length;
      return result;
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runKillTest({ clients: option('clients', 16), acksBeforeKill: option('acks-before-kill', 400) });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(
      `kill test (${result.clients} clients): acknowledged ${result.acknowledged}, present after restart ${result.present}` +
        `${result.missing.length ? ` (MISSING ${result.missing.join(', ')})` : ''}; integrity_check ${result.integrity}; ` +
        `unanswered at the kill ${result.unanswered} (already committed ${result.committedBeforeKill}), re-sent ok ${result.resentOk}, ` +
        `present after re-send ${result.presentAfterResend}; refused ${result.refused} -> ${result.ok ? 'OK' : 'FAILED'}\n`,
    );
  }
  process.exit(result.ok ? 0 : 1);
}
