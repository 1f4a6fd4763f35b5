/**
 * The CSP of one replay: images, media, fonts and stylesheets from Veil, data: and blob: URLs,
 * and the project's allowed asset hosts only; nothing else at all.
 */
export function replayCsp(assetOrigins: readonly string[]): string {
  const hosts = assetOrigins.length ? ` ${assetOrigins.join(' ')}` : '';
  return [
    "default-src 'none'",
    `img-src 'self' data: blob:${hosts}`,
    `media-src 'self' data: blob:${hosts}`,
    `font-src 'self' data:${hosts}`,
    `style-src 'self' 'unsafe-inline'${hosts}`,
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Locks the replay iframe's document down before rrweb builds the recording into it:
 *
 * - a `<meta http-equiv=Content-Security-Policy>` with this replay's own policy (the viewer
 *   page's policy, which the about:blank iframe inherits, allows every project's hosts); a policy
 *   once read stays in force after rrweb empties the document;
 * - `document.open()` (which rrweb calls before each full snapshot) becomes "remove every node":
 *   in Chromium a real open() resets the document's referrer policy, after which CSS fetches
 *   (backgrounds, fonts) send `Referer: <the Veil server>` despite the viewer's `no-referrer`.
 *   rrweb only writes quirks-mode doctypes with `document.write`, which becomes a no-op.
 *
 * Call it right after `new Replayer(…)`: rrweb builds the first snapshot in a timer after that.
 */
export function guardReplayDocument(doc: Document, assetOrigins: readonly string[]): void {
  const head = doc.head ?? doc.documentElement?.appendChild(doc.createElement('head'));
  if (!head) throw new Error('the replay document has no head');
  const csp = doc.createElement('meta');
  csp.httpEquiv = 'Content-Security-Policy';
  csp.content = replayCsp(assetOrigins);
  const referrer = doc.createElement('meta');
  referrer.name = 'referrer';
  referrer.content = 'no-referrer';
  head.prepend(csp, referrer);
  const own = (value: unknown) => ({ value, configurable: true, writable: true });
  Object.defineProperties(doc, {
    open: own(() => {
      doc.replaceChildren();
      return doc;
    }),
    close: own(() => undefined),
    write: own(() => undefined),
  });
}
