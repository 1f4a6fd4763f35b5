/**
 * Gzips text with the browser's CompressionStream (native zlib, fed in chunks, so the page's
 * main thread is never blocked for long); answers null where it is missing or fails, and the
 * batch then goes as plain JSON.
 */
export async function gzip(text: string): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}
