// Builds every bundle Veil ships, with esbuild:
//   packages/recorder/dist/veil.js     IIFE (global `Veil`), served at GET /veil.js
//   packages/recorder/dist/index.js    ESM, for `import { init } from '@veil/recorder'`
//   apps/viewer/dist/                  the viewer single-page app
//   apps/server/dist/                  the server and the `veil` CLI (Node, ESM)
// Usage: node scripts/build.mjs [--quiet]
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rrwebWithoutCanvas } from './rrweb-without-canvas.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const at = (p) => join(root, p);

/** Node bundles keep third-party packages external (native better-sqlite3 among them) but inline our workspaces. */
const externalizeNodeModules = {
  name: 'externalize-node-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@veil/') ? undefined : { path: args.path, external: true },
    );
  },
};

const browserTarget = ['chrome100', 'firefox100', 'safari15'];

/** The recorder bundles: no canvas recording (see rrweb-without-canvas.mjs), modern browsers. */
const recorderOptions = {
  bundle: true, minify: true, target: browserTarget, sourcemap: true,
  legalComments: 'none', logLevel: 'warning', plugins: [rrwebWithoutCanvas],
};

// Every bundle is written over the previous output (esbuild replaces each file whole), never
// after deleting dist: a server or test reading these files meanwhile must not find them gone.
async function buildRecorder() {
  await Promise.all([
    build({
      entryPoints: [at('packages/recorder/src/iife.ts')],
      outfile: at('packages/recorder/dist/veil.js'),
      format: 'iife', globalName: 'Veil', ...recorderOptions,
    }),
    build({
      entryPoints: [at('packages/recorder/src/index.ts')],
      outfile: at('packages/recorder/dist/index.js'),
      format: 'esm', ...recorderOptions,
    }),
  ]);
}

async function buildViewer() {
  // Built over the previous output, then stale files removed: a running server never sees an
  // empty dist (other builds and tests share this checkout).
  const dist = at('apps/viewer/dist');
  await mkdir(dist, { recursive: true });
  // Code splitting: the player page (rrweb's Replayer, ~80 % of the code) is its own chunk,
  // loaded when a session is opened. Chunk names are flat `chunk-HASH.js`, as /assets/:file expects.
  const result = await build({
    entryPoints: { app: at('apps/viewer/src/main.tsx') },
    outdir: at('apps/viewer/dist'),
    bundle: true, minify: true, format: 'esm', splitting: true, chunkNames: 'chunk-[hash]',
    target: browserTarget, sourcemap: true,
    jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none', logLevel: 'warning',
    loader: { '.css': 'css' }, metafile: true,
  });
  await copyFile(at('apps/viewer/src/index.html'), join(dist, 'index.html'));
  const fresh = new Set([...Object.keys(result.metafile.outputs).map((f) => basename(f)), 'index.html']);
  for (const f of await readdir(dist)) if (!fresh.has(f)) await rm(join(dist, f), { force: true });
}

async function buildServer() {
  await build({
    entryPoints: { server: at('apps/server/src/server.ts'), cli: at('apps/server/src/cli/main.ts') },
    outdir: at('apps/server/dist'),
    bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true,
    plugins: [externalizeNodeModules], logLevel: 'warning',
  });
}

await mkdir(at('packages/recorder'), { recursive: true });
await Promise.all([buildRecorder(), buildViewer(), buildServer()]);
if (!quiet) {
  const veil = await readFile(at('packages/recorder/dist/veil.js'));
  const app = await readFile(at('apps/viewer/dist/app.js'));
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const viewerFiles = (await readdir(at('apps/viewer/dist'))).filter((f) => /\.(js|css)$/.test(f));
  const viewerAll = await Promise.all(viewerFiles.map((f) => readFile(at(`apps/viewer/dist/${f}`))));
  console.log(`built: veil.js ${kb(veil.length)} (${kb(gz(veil))} gzip), ` +
    `viewer app.js ${kb(app.length)} (${kb(gz(app))} gzip), ` +
    `viewer all js+css ${kb(viewerAll.reduce((n, b) => n + b.length, 0))} (${kb(viewerAll.reduce((n, b) => n + gz(b), 0))} gzip)`);
}
