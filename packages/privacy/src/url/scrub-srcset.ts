/**
 * Applies `scrub` to each URL of a `srcset` ("a.jpg 1x, b.jpg 2x"), keeping descriptors.
 * URLs are split on whitespace, not commas, because data: URLs contain commas.
 */
export function scrubSrcset(srcset: string, scrub: (url: string) => string): string {
  let out = '';
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    const start = i;
    while (i < n && (srcset[i] === ',' || (srcset[i] as string).trim() === '')) i++;
    out += srcset.slice(start, i);
    const urlStart = i;
    while (i < n && (srcset[i] as string).trim() !== '') i++;
    // A URL directly followed by ',' has no descriptor.
    let urlEnd = i;
    while (urlEnd > urlStart && srcset[urlEnd - 1] === ',') urlEnd--;
    if (urlEnd > urlStart) out += scrub(srcset.slice(urlStart, urlEnd));
    out += srcset.slice(urlEnd, i);
    const descStart = i;
    if (urlEnd === i) while (i < n && srcset[i] !== ',') i++;
    out += srcset.slice(descStart, i);
  }
  return out === srcset ? srcset : out;
}
