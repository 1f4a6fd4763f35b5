import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS } from './paths.js';
import { spawnUntil } from './process.js';

/** What a first start prints once (or what the bench seeded itself). */
export interface VeilSecrets {
  projectId: string;
  projectKey: string;
  adminToken: string;
}

/** A real Veil server process (the built bundle) on an ephemeral port with its own data dir. */
export interface VeilServer extends VeilSecrets {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Stops the server and removes its data dir. */
  close(): Promise<void>;
}

export function tempDataDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `veil-bench-${tag}-`));
}

/**
 * Starts `node apps/server/dist/server.js` as an operator would (default log level `info`), like
 * test/helpers/veil-server.ts does for the tests. With `reuse`, the data dir was seeded beforehand.
 * The retention timer is off (`VEIL_RETENTION_SWEEP_MINUTES=0`) so no sweep runs by surprise.
 */
export async function startVeil(opts: { dataDir?: string; reuse?: VeilSecrets; env?: Record<string, string> } = {}): Promise<VeilServer> {
  const dataDir = opts.dataDir ?? tempDataDir('server');
  const ready = opts.reuse
    ? /Veil is running: http:\/\/127\.0\.0\.1:(\d+)/
    : /admin token\s+(\S+)\n[\s\S]*Veil is running: http:\/\/127\.0\.0\.1:(\d+)/;
  const p = await spawnUntil(PATHS.serverEntry, [], ready, {
    HOST: '127.0.0.1', PORT: '0', VEIL_DATA_DIR: dataDir, VEIL_LOG_LEVEL: 'info', VEIL_RETENTION_SWEEP_MINUTES: '0', ...opts.env,
  });
  const pick = (re: RegExp) => re.exec(p.head())?.[1] ?? '';
  // The first-start banner comes before the start line: the port is the last group.
  const port = Number(p.match[p.match.length - 1]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    pid: p.child.pid ?? 0,
    projectId: opts.reuse?.projectId ?? pick(/project id\s+(\S+)/),
    projectKey: opts.reuse?.projectKey ?? pick(/project key\s+(\S+)/),
    adminToken: opts.reuse?.adminToken ?? pick(/admin token\s+(\S+)/),
    async close() {
      await p.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET with the admin bearer token; answers the parsed JSON (throws on a non-2xx status). */
export async function adminGet<T>(server: Pick<VeilServer, 'url' | 'adminToken'>, path: string): Promise<T> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${server.adminToken}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
