import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_ENTRY = join(REPO_ROOT, 'apps/server/dist/server.js');

/** A real Veil server process (the built bundle) on an ephemeral port with its own data dir. */
export interface VeilServer {
  url: string;
  port: number;
  dataDir: string;
  projectId: string;
  projectKey: string;
  adminToken: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the server (SIGTERM, waiting for exit); the data dir stays unless `cleanup`. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Removes the data dir. */
  cleanup(): void;
}

/**
 * Starts `node apps/server/dist/server.js` and waits for its start banner. Pass `dataDir` to
 * restart on existing data (then the bootstrap secrets come from `reuse`).
 */
export async function startVeil(
  opts: { dataDir?: string; port?: number; env?: Record<string, string>; reuse?: Pick<VeilServer, 'projectId' | 'projectKey' | 'adminToken'> } = {},
): Promise<VeilServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'veil-test-'));
  // `node scripts/build.mjs` empties apps/server/dist before writing it again; a build run by
  // someone else in the same checkout must not fail this start: wait for the bundle, and retry a
  // start that died because the bundle vanished under it.
  for (let attempt = 1; ; attempt++) {
    await waitFor(() => existsSync(SERVER_ENTRY), `${SERVER_ENTRY} (a build is running?)`, 30_000);
    try {
      return await startOnce(opts, dataDir);
    } catch (err) {
      if (attempt >= 3 || !/Cannot find module|ERR_MODULE_NOT_FOUND/.test(String(err))) throw err;
    }
  }
}

async function startOnce(
  opts: { port?: number; env?: Record<string, string>; reuse?: Pick<VeilServer, 'projectId' | 'projectKey' | 'adminToken'> },
  dataDir: string,
): Promise<VeilServer> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(opts.port ?? 0), VEIL_DATA_DIR: dataDir, VEIL_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /Veil is running: (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      const needsBootstrap = !opts.reuse;
      if (m && (!needsBootstrap || /admin token\s+(\S+)/.test(out))) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    // The start line and the first-start banner are on stderr; the JSON log is on stdout.
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then(() => reject(new Error(`server exited:\n${out}`)));
  });
  const pick = (re: RegExp) => re.exec(out)?.[1] ?? '';
  return {
    url: banner[1]!,
    port: Number(banner[2]),
    dataDir,
    projectId: opts.reuse?.projectId ?? pick(/project id\s+(\S+)/),
    projectKey: opts.reuse?.projectKey ?? pick(/project key\s+(\S+)/),
    adminToken: opts.reuse?.adminToken ?? pick(/admin token\s+(\S+)/),
    process: child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls the server's API with the admin token; answers status and parsed JSON. */
export async function apiAs(
  server: Pick<VeilServer, 'url' | 'adminToken'>,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(server.url + path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? server.adminToken}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Polls `check` until it answers a truthy value (no fixed sleeps in tests). */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 20_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
