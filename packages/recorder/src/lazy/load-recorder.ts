/** The recorder's code, loaded on demand (see recorder-module.ts). */
export type RecorderModule = typeof import('./recorder-module.js');

/**
 * Loads the recorder once the gates agree. In the npm build this is a dynamic import, which the
 * site's bundler turns into a chunk of its own; the script-tag build swaps this file for
 * load-recorder-script.ts (scripts/build.mjs), which fetches `/veil-recorder.<hash>.js`.
 */
export function loadRecorder(_endpoint: string): Promise<RecorderModule> {
  return import('./recorder-module.js');
}
