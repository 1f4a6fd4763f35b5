import type { RecorderModule } from './load-recorder.js';
import { RECORDER_READY_CALLBACK } from './recorder-ready.js';

/** The recorder chunk's file name, content-hashed (set by scripts/build.mjs). */
declare const __VEIL_RECORDER_FILE__: string;

/**
 * Where the recorder chunk is: next to the script that loaded Veil (read now, while that script
 * runs: `document.currentScript` is null later), so a site that serves `/veil.js` itself, or a
 * versioned `/veil.<hash>.js`, gets the chunk from the same place.
 */
const scriptSrc = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

let loading: Promise<RecorderModule> | null = null;

/**
 * The script-tag build's loadRecorder (scripts/build.mjs swaps it in for load-recorder.ts): adds
 * one `<script>` for the chunk, which hands its module over through a window callback. The chunk
 * is immutable (its name carries its hash), so the browser fetches it once and caches it.
 */
export function loadRecorder(endpoint: string): Promise<RecorderModule> {
  loading ??= new Promise<RecorderModule>((resolve, reject) => {
    const w = window as unknown as Record<string, unknown>;
    const script = document.createElement('script');
    w[RECORDER_READY_CALLBACK] = (module: RecorderModule) => {
      delete w[RECORDER_READY_CALLBACK];
      resolve(module);
    };
    script.src = new URL(__VEIL_RECORDER_FILE__, scriptSrc || `${endpoint}/`).href;
    script.async = true;
    script.onerror = () => {
      script.remove();
      loading = null; // a later start may try again
      reject(new Error(`could not load ${script.src}`));
    };
    script.onload = () => script.remove();
    document.head.appendChild(script);
  });
  return loading;
}
