import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PATHS } from './paths.js';

/** Vendors' SDKs used only for comparison, pinned exactly (checked with `npm view`). */
export const PEERS = {
  '@sentry/browser': '11.12.0',
  'posthog-js': '1.449.2',
  '@openreplay/tracker': '19.0.1',
} as const;
export type PeerName = keyof typeof PEERS;

/** Where a peer can be resolved from (esbuild `resolveDir`), or why it cannot. */
export type PeerStatus = { ok: true; resolveDir: string } | { ok: false; reason: string };

const run = promisify(execFile);

function installedVersion(name: string): string | null {
  const pkg = join(PATHS.peers, 'node_modules', name, 'package.json');
  return existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version : null;
}

let cached: Promise<Record<PeerName, PeerStatus>> | null = null;

/**
 * Installs the peers into `.bench-peers/` (never into the workspace) unless the pinned versions
 * are already there (unless `install` is false). A peer that cannot be installed is reported with the reason; the bench goes on.
 */
export function ensurePeers(log: (m: string) => void, opts: { install: boolean }): Promise<Record<PeerName, PeerStatus>> {
  cached ??= (async () => {
    const names = Object.keys(PEERS) as PeerName[];
    const missing = names.filter((n) => installedVersion(n) !== PEERS[n]);
    const errors = new Map<PeerName, string>();
    // Smoke runs (and the test that runs them) never wait on the network: they use what is there.
    if (!opts.install) for (const n of missing) errors.set(n, 'not installed (smoke runs do not install peers; a full `npm run bench` does)');
    if (missing.length > 0 && opts.install) {
      mkdirSync(PATHS.peers, { recursive: true });
      // Its own package.json, so npm never walks up into the workspace.
      const manifest = join(PATHS.peers, 'package.json');
      if (!existsSync(manifest)) writeFileSync(manifest, '{ "name": "veil-bench-peers", "private": true }\n');
      log(`installing peers into .bench-peers: ${missing.map((n) => `${n}@${PEERS[n]}`).join(' ')}`);
      const install = (specs: string[]) =>
        run('npm', ['install', '--prefix', PATHS.peers, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs], {
          timeout: 180_000,
        });
      try {
        await install(missing.map((n) => `${n}@${PEERS[n]}`));
      } catch {
        // One bad peer must not cost the others: try each alone, keep each reason.
        for (const n of missing) {
          try {
            await install([`${n}@${PEERS[n]}`]);
          } catch (err) {
            errors.set(n, `npm install failed: ${String((err as { stderr?: string }).stderr ?? err).trim().split('\n').pop()}`);
          }
        }
      }
    }
    const status = {} as Record<PeerName, PeerStatus>;
    for (const n of names) {
      const version = installedVersion(n);
      status[n] =
        version === PEERS[n]
          ? { ok: true, resolveDir: PATHS.peers }
          : { ok: false, reason: errors.get(n) ?? `not installed (found ${version ?? 'nothing'})` };
    }
    return status;
  })();
  return cached;
}
