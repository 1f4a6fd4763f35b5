#!/usr/bin/env node
// The `veil` command: runs the bundled CLI (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('veil: the server is not built yet; run "npm run build" in the repository root.\n');
  process.exit(1);
}
await import(cli);
