import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const BIN = join(REPO, 'apps/server/bin/veil.js');

/** The built `veil` command, run from a folder of its own with no database settings in the environment. */
describe('veil CLI: which database it opens', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'veil-cli-elsewhere-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const veil = (args: string[], env: Record<string, string> = {}) => {
    const clean = { ...process.env };
    for (const name of ['VEIL_DATA_DIR', 'VEIL_DATABASE_URL', 'DATABASE_URL', 'VEIL_CONFIG_FILE']) delete clean[name];
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...clean, VEIL_LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 30_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('run from another folder, a reading command creates nothing and says where it looked and how to point it elsewhere (exit 2)', () => {
    for (const args of [['token', 'list'], ['token', 'create', '--role', 'admin'], ['audit', 'verify']]) {
      const run = veil(args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`no Veil database at ${join(cwd, 'data', 'veil.db')}`);
      expect(run.stderr).toContain('VEIL_DATA_DIR');
      expect(run.stderr).toContain('--data-dir');
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('project create makes the database and says which one on stderr, leaving --json stdout one JSON object', () => {
    const run = veil(['project', 'create', '--name', 'Shop', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'Shop' });
    expect(run.stderr).toBe(`veil: using ${join(cwd, 'data', 'veil.db')}\n`);
    const list = veil(['project', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).projects).toHaveLength(1);
    expect(list.stderr).toBe(`veil: using ${join(cwd, 'data', 'veil.db')}\n`);
  });

  it('--data-dir names the place (relative to the current folder) and may create it; a file or a value with PostgreSQL is refused', () => {
    const run = veil(['token', 'list', '--data-dir', 'elsewhere']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('(no tokens)\n');
    expect(run.stderr).toBe(`veil: using ${join(cwd, 'elsewhere', 'veil.db')}\n`);
    expect(existsSync(join(cwd, 'elsewhere', 'veil.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data'))).toBe(false);

    writeFileSync(join(cwd, 'a-file'), 'x');
    const file = veil(['token', 'list', '--data-dir', 'a-file']);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('is a file, not a folder');
    const both = veil(['token', 'list', '--data-dir', 'x'], { VEIL_DATABASE_URL: 'postgres://veil:pw@127.0.0.1:1/veil' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('VEIL_DATABASE_URL');
    expect(both.stderr).not.toContain('pw');
    expect(existsSync(join(cwd, 'x'))).toBe(false);
  });

  it('VEIL_DATA_DIR pointing at an existing database lets a lost-admin-token recovery work from anywhere', () => {
    const data = join(cwd, 'server-data');
    expect(veil(['project', 'create', '--name', 'Shop'], { VEIL_DATA_DIR: data }).code).toBe(0);
    const created = veil(['token', 'create', '--role', 'admin', '--json'], { VEIL_DATA_DIR: data });
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ role: 'admin', token: expect.stringMatching(/^vat_/) });
    expect(created.stderr).toBe(`veil: using ${join(data, 'veil.db')}\n`);
  });
});
