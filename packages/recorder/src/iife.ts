// Entry of the script-tag build: esbuild exposes these exports as `window.Veil`.
export { init, identify, consent, optOut, stop, getStatus, getSessionId, flush } from './index.js';
