/** A pixel length from a recorded `width`/`height` attribute (`120`) or rrweb's `rr_width` (`120px`). */
function pixels(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const m = /^\s*(\d{1,5})(?:\.\d+)?(?:px)?\s*$/.exec(text);
  return m && Number(m[1]) > 0 ? Number(m[1]) : null;
}

/**
 * What a recorded image that is not loaded shows: a light box with a dashed edge, as a data: SVG
 * (no request). With the recorded size as its own, an image without width/height attributes
 * still takes the space it had; the element's attributes and CSS size it as they did.
 *
 * @example
 * placeholderImage({ width: '120', height: '80' }) // 'data:image/svg+xml,…width=%22120%22…'
 */
export function placeholderImage(attributes: Record<string, unknown>): string {
  const w = pixels(attributes.width) ?? pixels(attributes.rr_width);
  const h = pixels(attributes.height) ?? pixels(attributes.rr_height);
  const size = `${w ? ` width="${w}"` : ''}${h ? ` height="${h}"` : ''}`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg"${size}>` +
    '<rect x="1" y="1" style="width:calc(100% - 2px);height:calc(100% - 2px)" fill="#eceef2" stroke="#b9bfca" stroke-width="2" stroke-dasharray="6 4"/>' +
    '</svg>';
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
