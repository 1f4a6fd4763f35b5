// Builds every bundle Veil ships, with esbuild:
//   packages/recorder/dist/veil.js     IIFE (global `Veil`), served at GET /veil.js: the gates
//                                      (opt-out, consent, remote config, sampling) and a loader
//   packages/recorder/dist/veil-recorder.js  the recorder itself (rrweb, scrubber, transport),
//                                      fetched by veil.js as /veil-recorder.<hash>.js once every
//                                      gate agreed; both with .br and .gz beside them
//   packages/recorder/dist/index.js    ESM, for `import { init } from '@veil/recorder'` (the
//                                      recorder in a chunk of its own, imported on demand)
//   apps/viewer/dist/                  the viewer single-page app
//   apps/server/dist/                  the server and the `veil` CLI (Node, ESM)
// Usage: node scripts/build.mjs [--quiet]
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { readFile, writeFile } from 'node:fs/promises';
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

/**
 * A recorder file's version: the first 12 hex digits of its SHA-256. The server computes the
 * same (apps/server/src/routes/recorder-files.ts) to answer `/veil.<hash>.js` and ETags.
 */
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

/** Swaps the dynamic-import loader for the script-tag one in the IIFE build. */
const scriptTagLoader = {
  name: 'script-tag-loader',
  setup(b) {
    b.onResolve({ filter: /\/load-recorder\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/load-recorder\.js$/, 'load-recorder-script.ts')),
    }));
  },
};

/**
 * Writes a served file and its brotli and gzip forms, built once here at maximum effort so the
 * server never compresses per request. The compressed forms go first: a server that sees the
 * plain file change then finds its compressed forms already matching.
 */
async function writeServed(file, bytes) {
  await writeFile(`${file}.br`, brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
  await writeFile(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  await writeFile(file, bytes);
}

/** Output text of a write:false build, by file name suffix. */
const output = (result, suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix));

// Every bundle is written over the previous output (esbuild replaces each file whole), never
// after deleting dist: a server or test reading these files meanwhile must not find them gone.
async function buildRecorder() {
  const dist = at('packages/recorder/dist');
  await mkdir(dist, { recursive: true });
  // The recorder chunk first: the loader carries its hashed name.
  const chunk = await build({
    entryPoints: [at('packages/recorder/src/lazy/recorder-chunk.ts')],
    outfile: join(dist, 'veil-recorder.js'), write: false, metafile: true,
    format: 'iife', ...recorderOptions,
  });
  const chunkJs = output(chunk, 'veil-recorder.js').contents;
  const loader = await build({
    entryPoints: [at('packages/recorder/src/iife.ts')],
    outfile: join(dist, 'veil.js'), write: false, metafile: true,
    format: 'iife', globalName: 'Veil', ...recorderOptions,
    plugins: [scriptTagLoader, ...recorderOptions.plugins],
    define: { __VEIL_RECORDER_FILE__: JSON.stringify(`veil-recorder.${contentHash(chunkJs)}.js`) },
  });
  await writeFile(join(dist, 'veil-recorder.js.map'), output(chunk, '.js.map').contents);
  await writeFile(join(dist, 'veil.js.map'), output(loader, '.js.map').contents);
  await writeServed(join(dist, 'veil-recorder.js'), chunkJs);
  await writeServed(join(dist, 'veil.js'), output(loader, 'veil.js').contents);
  await writeFile(join(dist, 'recorder-meta.json'), JSON.stringify({ loader: loader.metafile, recorder: chunk.metafile }));
  // The npm build: the recorder is a chunk of its own, imported once the gates agree.
  await build({
    entryPoints: { index: at('packages/recorder/src/index.ts') },
    outdir: dist, splitting: true, chunkNames: 'chunk-[hash]',
    format: 'esm', ...recorderOptions,
  });
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
  const recorder = await readFile(at('packages/recorder/dist/veil-recorder.js'));
  const app = await readFile(at('apps/viewer/dist/app.js'));
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const viewerFiles = (await readdir(at('apps/viewer/dist'))).filter((f) => /\.(js|css)$/.test(f));
  const viewerAll = await Promise.all(viewerFiles.map((f) => readFile(at(`apps/viewer/dist/${f}`))));
  console.log(`built: veil.js ${kb(veil.length)} (${kb(gz(veil))} gzip) + veil-recorder.js ${kb(recorder.length)} (${kb(gz(recorder))} gzip), ` +
    `viewer app.js ${kb(app.length)} (${kb(gz(app))} gzip), ` +
    `viewer all js+css ${kb(viewerAll.reduce((n, b) => n + b.length, 0))} (${kb(viewerAll.reduce((n, b) => n + gz(b), 0))} gzip)`);
}
