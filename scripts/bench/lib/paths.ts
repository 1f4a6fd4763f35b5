import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder up from here whose package.json declares workspaces. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in (JSON.parse(readFileSync(pkg, 'utf8')) as object)) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root');
    dir = up;
  }
}

export const REPO_ROOT = findRoot();
export const at = (p: string): string => join(REPO_ROOT, p);

export const PATHS = {
  serverEntry: at('apps/server/dist/server.js'),
  cli: at('apps/server/bin/veil.js'),
  recorderIife: at('packages/recorder/dist/veil.js'),
  helloServer: at('build/bench/hello-server.mjs'),
  peers: at('.bench-peers'),
  results: at('bench-results'),
} as const;
