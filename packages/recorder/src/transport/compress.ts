/**
 * Gzips a batch off the page's main thread where the browser allows it.
 *
 * Chromium runs CompressionStream's deflate on the calling thread, so on the page it costs the
 * main thread ~8 ms per 256 KB batch (measured by test/transport/compression-cost.test.ts). A
 * tiny worker (made from a Blob, so no extra file is served) runs it there instead. Where a
 * worker cannot start — a Content-Security-Policy without `worker-src blob:`, or no Worker — the
 * same stream runs on the main thread; where CompressionStream is missing too, the answer is
 * null and the batch goes as plain JSON.
 */
export async function gzip(text: string): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null;
  return (await gzipInWorker(text)) ?? gzipHere(text);
}

/** How many batches the worker compressed (tests and debug read it). */
export const compressStats = { inWorker: 0, onMainThread: 0 };

/** The worker: compresses each `{ id, text }` it is sent and posts `{ id, bytes }` back (bytes transferred). */
const WORKER_SOURCE = `onmessage=async e=>{let b=null;try{b=await new Response(new Blob([e.data.text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()}catch(_){}postMessage({id:e.data.id,bytes:b},b?[b]:[])}`;

type Waiter = (bytes: Uint8Array | null | undefined) => void;
/** How long a batch waits for the worker before it is compressed here instead. */
const WORKER_TIMEOUT_MS = 5_000;
let worker: Worker | null | undefined;
let nextId = 0;
const waiting = new Map<number, Waiter>();

/** The worker, started on first use; null once it is known not to work here. */
function compressionWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })));
    worker.onmessage = (e: MessageEvent<{ id: number; bytes: ArrayBuffer | null }>) => {
      const done = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      done?.(e.data.bytes ? new Uint8Array(e.data.bytes) : null);
    };
    // A CSP that forbids blob: workers reports here, asynchronously: fall back for good.
    worker.onerror = () => {
      worker?.terminate();
      worker = null;
      for (const done of waiting.values()) done(undefined);
      waiting.clear();
    };
  } catch {
    worker = null;
  }
  return worker;
}

/** Answers the gzip, null if the worker failed to compress, undefined if there is no worker to ask. */
function gzipInWorker(text: string): Promise<Uint8Array | null | undefined> {
  const w = compressionWorker();
  if (!w) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const id = ++nextId;
    // A worker that never answers (killed, starved) must not hold a batch back for good.
    const timer = setTimeout(() => settle(undefined), WORKER_TIMEOUT_MS);
    const settle = (bytes: Uint8Array | null | undefined) => {
      clearTimeout(timer);
      waiting.delete(id);
      if (bytes) compressStats.inWorker++;
      resolve(bytes);
    };
    waiting.set(id, settle);
    try {
      w.postMessage({ id, text });
    } catch {
      settle(undefined);
    }
  });
}

async function gzipHere(text: string): Promise<Uint8Array | null> {
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    compressStats.onMainThread++;
    return bytes;
  } catch {
    return null;
  }
}
