import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. This file sits two folders below the server package both as source
 * (apps/server/src) and bundled (apps/server/dist), so the same relative step works for both.
 */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const PATHS = {
  recorderBundle: join(REPO_ROOT, 'packages/recorder/dist/veil.js'),
  viewerDist: join(REPO_ROOT, 'apps/viewer/dist'),
  demoPage: join(REPO_ROOT, 'apps/server/demo/index.html'),
};
