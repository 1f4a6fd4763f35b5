import { build, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';

/** The recorder's browser target in scripts/build.mjs: every bundle compared is built for it. */
export const BROWSER_TARGET = ['chrome100', 'firefox100', 'safari15'];

export interface Bundle {
  code: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles an entry with the one set of esbuild settings every recorder is measured with
 * (bundle, minify, iife, browser target, production); `source` is either a file or inline code
 * resolved from `resolveDir`. Sizes are of the minified output and its gzip (level 9).
 */
export async function bundleIife(
  source: { file: string } | { code: string; resolveDir: string },
  globalName?: string,
  plugins: Plugin[] = [],
): Promise<Bundle> {
  const result = await build({
    ...('file' in source
      ? { entryPoints: [source.file] }
      : { stdin: { contents: source.code, resolveDir: source.resolveDir, loader: 'ts' as const, sourcefile: 'bench-entry.ts' } }),
    bundle: true,
    minify: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: BROWSER_TARGET,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    plugins,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const bytes = Buffer.byteLength(code);
  return { code, bytes, gzipBytes: gzipSync(code, { level: 9 }).length };
}
