import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, apiAs, startVeil, waitFor, type VeilServer } from '../helpers/veil-server.js';

const SERVER = join(REPO_ROOT, 'apps/server/dist/server.js');
const CLI = join(REPO_ROOT, 'apps/server/bin/veil.js');

describe('first start, port in use, request log', () => {
  const dirs: string[] = [];
  let server: VeilServer | undefined;
  let blocker: Server | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    blocker?.close();
    blocker = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = (tag: string) => {
    const d = mkdtempSync(join(tmpdir(), `veil-${tag}-`));
    dirs.push(d);
    return d;
  };

  it('writes the first-start banner to stderr before any log line, with the command that makes a new admin token; that command works', async () => {
    // stdout and stderr into one file: the order in it is the order of the writes.
    const dir = tempDir('first-start');
    const both = join(dir, 'output.txt');
    const fd = openSync(both, 'w');
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', VEIL_DATA_DIR: join(dir, 'data'), VEIL_LOG_LEVEL: 'info' },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const out = await waitFor(() => {
        const text = readFileSync(both, 'utf8');
        return /Veil is running: http:\/\/127\.0\.0\.1:\d+/.test(text) ? text : null;
      }, 'the start line');
      const banner = out.indexOf('admin token');
      const firstLogLine = out.split('\n').findIndex((l) => l.startsWith('{'));
      expect(banner).toBeGreaterThan(-1);
      expect(out.split('\n').findIndex((l) => l.includes('admin token'))).toBeLessThan(firstLogLine);
      const recover = /npx veil (token create --role admin --data-dir (\S+))/.exec(out);
      expect(recover?.[2]).toBe(join(dir, 'data'));

      // The printed command, from another folder while the server runs, gives a token the server accepts.
      const url = /Veil is running: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const made = spawnSync(process.execPath, [CLI, ...recover![1]!.split(' '), '--json'], { cwd: tempDir('elsewhere'), encoding: 'utf8', timeout: 30_000 });
      expect(made.status, made.stderr).toBe(0);
      const token = JSON.parse(made.stdout).token as string;
      const audit = await apiAs({ url, adminToken: token }, '/api/v1/audit?action=token.create');
      expect(audit.status).toBe(200);
      expect(audit.body.entries[0]).toMatchObject({ actor: 'cli', action: 'token.create' });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('keeps stdout for JSON log lines: the start line and the banner are on stderr', async () => {
    server = await startVeil();
    const s = server;
    const stdout: string[] = [];
    // startVeil merges both streams; read the process's stdout apart from now on and compare with what came before.
    s.process.stdout!.on('data', (d: Buffer) => stdout.push(d.toString()));
    await fetch(`${s.url}/api/v1/nope`);
    await waitFor(() => stdout.join('').includes('request completed'), 'the request line');
    for (const line of s.output().split('\n').filter((l) => l.startsWith('{'))) expect(() => JSON.parse(line)).not.toThrow();
    expect(stdout.join('')).not.toContain('admin token');
    expect(stdout.join('')).not.toContain('Veil is running');
  });

  it('logs one line per request, with method, URL without query, status, duration and request id', async () => {
    server = await startVeil();
    const s = server;
    const ids: string[] = [];
    for (const path of ['/api/v1/nope?token=query-secret-1', `/api/v1/config?key=${s.projectKey}`, '/api/v1/users/someone-7731/export']) {
      const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${s.adminToken}` } });
      ids.push(res.headers.get('x-request-id')!);
    }
    const lines = () => s.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
    await waitFor(() => lines().some((l) => l.reqId === ids[2]), 'the last request line');
    for (const id of ids) {
      const mine = lines().filter((l) => l.reqId === id);
      expect(mine, JSON.stringify(mine)).toHaveLength(1);
      expect(mine[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET' }, res: { statusCode: expect.any(Number) }, ms: expect.any(Number) });
    }
    const byId = (id: string) => lines().find((l) => l.reqId === id)!;
    expect(byId(ids[0]!).req.url).toBe('/api/v1/nope');
    expect(byId(ids[0]!).res.statusCode).toBe(404);
    expect(byId(ids[2]!).req.url).toBe('/api/v1/users/:userId/export');
    const text = lines().map((l) => JSON.stringify(l)).join('\n'); // the log, not the banner (which shows the key once)
    for (const secret of ['query-secret-1', s.projectKey, 'someone-7731']) expect(text).not.toContain(secret);
  });

  it.each([
    ['the server', [SERVER]],
    ['veil serve', [CLI, 'serve']],
  ])('%s on a port in use stops with one line naming the address and VEIL_PORT, exit 2', async (_name, args) => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    // A data dir already bootstrapped, so no first-start banner comes before the line.
    const dataDir = tempDir('port-taken');
    expect(spawnSync(process.execPath, [CLI, 'project', 'create', '--name', 'Shop', '--data-dir', dataDir], { encoding: 'utf8' }).status).toBe(0);
    const run = spawnSync(process.execPath, args, {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), VEIL_DATA_DIR: dataDir, VEIL_LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toBe(`veil: 127.0.0.1:${port} is in use; stop the other process or set VEIL_PORT (or PORT) to another port\n`);
  });
});
