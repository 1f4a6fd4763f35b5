// Bundles the benchmark (TypeScript under scripts/bench) for Node into build/bench/, the same way
// scripts/build.mjs bundles the server: third-party packages stay external, our workspaces inline.
// Usage: node scripts/bench/build.mjs
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Keeps node_modules external (better-sqlite3 is native) but inlines `@veil/*` and relative imports. */
const externalizeNodeModules = {
  name: 'externalize-node-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@veil/') ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  entryPoints: {
    run: join(root, 'scripts/bench/run.ts'),
    'hello-server': join(root, 'scripts/bench/hello-server.ts'),
  },
  outdir: join(root, 'build/bench'),
  outExtension: { '.js': '.mjs' },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline',
  plugins: [externalizeNodeModules], logLevel: 'warning',
});
