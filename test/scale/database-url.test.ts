import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/veil-server.js';

const run = promisify(execFile);
const SERVER = join(REPO_ROOT, 'apps/server/dist/server.js');
const VEIL_CLI = join(REPO_ROOT, 'apps/server/bin/veil.js');

/** Starts the built server (or the CLI) with `env` and answers its exit code and stderr. */
async function exitOf(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [file, ...args], { env: { ...process.env, PORT: '0', ...env }, timeout: 30_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('VEIL_DATABASE_URL at start', () => {
  it.each([
    ['mysql://veil@db/veil', 'only postgres://'],
    ['postgres://veil@db', 'names no database'],
    ['not a url', 'expected a URL'],
  ])('refuses %s with one line and exit 2, the URL redacted', async (url, why) => {
    const { code, stderr } = await exitOf(SERVER, [], { VEIL_DATABASE_URL: url });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(why);
    expect(stderr).toContain('VEIL_DATABASE_URL=(redacted)');
  });

  it('stops the server and the CLI with one line and exit 2 when the database cannot be reached, never showing the password', async () => {
    // Port 1 on loopback: nothing listens there.
    const env = { DATABASE_URL: 'postgres://veil:hunter2secret@127.0.0.1:1/veil' };
    for (const [file, args] of [[SERVER, []], [VEIL_CLI, ['audit', 'verify']]] as const) {
      const { code, stderr } = await exitOf(file, [...args], env);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe('veil: cannot reach PostgreSQL at veil@127.0.0.1:1/veil (ECONNREFUSED)');
    }
  });
});
