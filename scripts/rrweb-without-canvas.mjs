// An esbuild plugin that builds @rrweb/record without its canvas recorder.
//
// Veil never records canvas content (it is pixels of whatever the page drew, which no scrubber
// can read), yet rrweb's `record()` always constructs its CanvasManager, which pulls in the
// WebGL/2D observers and an inline Web Worker source. Replacing that class with a no-op keeps
// `record()` working (it only calls reset/freeze/unfreeze/lock/unlock on it) and lets esbuild
// drop the rest. The build fails loudly if a new @rrweb/record no longer has the expected shape.
import { readFile } from 'node:fs/promises';

const NO_CANVAS = `class CanvasManager {
  constructor() {}
  reset() {}
  freeze() {}
  unfreeze() {}
  lock() {}
  unlock() {}
}
`;

export const rrwebWithoutCanvas = {
  name: 'rrweb-without-canvas',
  setup(build) {
    build.onLoad({ filter: /[\\/]@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const start = source.indexOf('const jsContent = ');
      const end = source.indexOf('class StylesheetManager {');
      const calls = source.match(/canvasManager\.(\w+)/g) ?? [];
      const used = new Set(calls.map((c) => c.split('.')[1]));
      const stubbed = new Set(['reset', 'freeze', 'unfreeze', 'lock', 'unlock']);
      if (start < 0 || end < start || [...used].some((m) => !stubbed.has(m))) {
        throw new Error('rrweb-without-canvas: @rrweb/record changed shape; review scripts/rrweb-without-canvas.mjs');
      }
      return { contents: source.slice(0, start) + NO_CANVAS + source.slice(end), loader: 'js' };
    });
  },
};
