/**
 * Gzips text off the main thread with the browser's CompressionStream (the stream runs in the
 * browser's own threads); answers null where it is missing, and the batch goes uncompressed.
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
