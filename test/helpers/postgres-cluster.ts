import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster on a loopback port; `url` reaches its `postgres` database as superuser. */
export interface PostgresCluster {
  url: string;
  binDir: string;
  /** Stops the database at once (as a crash would), keeping its files. */
  halt(): Promise<void>;
  /** Starts it again after halt(), on the same port. */
  resume(): Promise<void>;
  /** Stops it and removes its files. */
  stop(): Promise<void>;
}

/**
 * Where PostgreSQL's server binaries are: VEIL_TEST_POSTGRES_BIN, else the newest Debian
 * install (/usr/lib/postgresql/<version>/bin), else null (not installed: PostgreSQL tests skip).
 */
export function findPostgresBinaries(): string | null {
  const fromEnv = process.env.VEIL_TEST_POSTGRES_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && Number(v) >= 15 && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * Starts a throwaway cluster (initdb in a temp dir, a free loopback port, its socket in the same
 * dir, trust auth for loopback only), or answers null when no PostgreSQL is installed. initdb
 * refuses to run as root, so as root the cluster belongs to the `postgres` user. The system's
 * own postgresql service is not needed. fsync is off: the cluster dies with the run, and tests
 * kill Veil servers, never the database's machine.
 */
export async function startPostgres(): Promise<PostgresCluster | null> {
  const binDir = findPostgresBinaries();
  if (!binDir) return null;
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'veil-pg-'));
  const dataDir = join(dir, 'data');
  if (asRoot) {
    chmodSync(dir, 0o755);
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]) : run(join(binDir, tool), args);
  try {
    await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const options = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-k ${dir}`,
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    const start = () => pg('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      binDir,
      async halt() {
        await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      },
      async resume() {
        await start();
      },
      async stop() {
        await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { message: string; stderr?: string };
    throw new Error(`could not start a throwaway PostgreSQL: ${e.stderr || e.message}`);
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

/** A port free on loopback right now (the kernel's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
