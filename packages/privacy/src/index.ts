/**
 * @veil/privacy — the privacy policy shared by the recorder (browser) and the server (Node).
 * Pure TypeScript: no imports, no DOM, no Node APIs.
 *
 * Policy applied by the scrubber to rrweb 2.x events (mutated in place, in order):
 * - Form values (input events, `value` attributes, textarea and option text, option `label`s
 *   (also a `label` changed later, whose element the change does not name), option titles,
 *   text inside a contenteditable) are always masked; fields that are never unmasked
 *   (passwords, hidden, `cc-*`, one-time codes) get `FIXED_MASK`, and so does an input event
 *   value without whitespace, since its field is unknown.
 * - Text, attributes, CSS, comments, custom and plugin payloads are PII-masked (email, card,
 *   phone, ssn, iban, ip, secret) with a length-preserving mask; CSS keeps its structure.
 *   Every scan is linear in the string's length. A text string longer than
 *   `MAX_SCANNED_TEXT_CHARS` (64 Ki) is masked whole instead and counted as `oversize`; CSS,
 *   structural attributes (SVG paths, classes) and URLs are never masked for their length.
 * - URLs (`href`, `src`, `srcset`, Meta `href`, URL-named payload keys, and `url()`,
 *   `image-set()`, `@import` in any CSS) go through `scrubUrl`. An iframe's `srcdoc` is dropped.
 * - Personal data split across one element's inline text (`<span>jane</span>@…`) is found by
 *   scanning that text joined, in a full snapshot and among the nodes one mutation adds;
 *   Unicode spaces (no-break, thin …) read as spaces.
 * - `data-veil-mask` masks all text below; `data-veil-block` (or rrweb's `needBlock`) leaves an
 *   empty element with only the marker, id, class and rrweb's `rr_width`/`rr_height`, and
 *   nodes later added below it (rrweb lets a blocked host's shadow root through) are dropped.
 * - Strict level: all text is masked except below `data-veil-unmask` (still PII-masked),
 *   non-structural attributes are masked, URL attributes keep scheme + host, media sources are
 *   dropped (sizes kept).
 * Marks are inherited by nodes added later: a scrubber remembers the ids of nodes below a
 * marker (or a form element) from the events it has seen, until the next full snapshot. A node
 * added under a parent it has not seen gets the level's default (strict: masked; balanced:
 * PII-masked, relying on the recorder's rrweb masking for data-veil-mask). So use one scrubber
 * per recording, or per batch on a server, and feed it the events in order.
 *
 * @example
 * import { createScrubber } from '@veil/privacy';
 * const scrubber = createScrubber({ level: 'balanced', urlAllowlist: ['utm_*', 'page'] });
 * for (const event of batch) scrubber.scrubEvent(event);
 * store(batch, scrubber.counts.email + scrubber.counts.form);
 * scrubber.reset();
 */

/** Creates an rrweb event scrubber (one per recording or batch) with per-kind redaction counters. */
export { createScrubber } from './scrubber/create-scrubber.js';
/** Options and instance types of `createScrubber`. */
export type { Scrubber, ScrubberOptions } from './scrubber/create-scrubber.js';
/** Longest text string scanned for personal data; a longer one is masked whole (`oversize`). */
export { MAX_SCANNED_TEXT_CHARS } from './scrubber/context.js';
/** Redaction kinds and counters (`createCounts` makes a zeroed one). */
export { createCounts } from './scrubber/counts.js';
/** Redaction kind and counter types. */
export type { RedactionCounts, RedactionKind } from './scrubber/counts.js';

/** Masks detected personal data in text, counting hits per detector; same string if none. */
export { maskPii, hasPii, DETECTOR_NAMES } from './mask-pii.js';
/** Detector names and per-detector counters accepted by `maskPii`. */
export type { DetectorName, PiiCounts } from './pii/detector.js';
/** Length-preserving text mask, the fixed never-unmask mask, and the "already masked" test. */
export { maskText, isMasked, FIXED_MASK } from './mask-text.js';

/** Form field rules: which fields are never unmasked and how a value is masked. */
export { isNeverUnmaskField, maskInputValue } from './fields.js';
/** Field description and privacy level types. */
export type { FieldInfo, PrivacyLevel } from './fields.js';

/** Scrubs a URL: redacts query/fragment values, masks PII in the path. */
export { scrubUrl, JAVASCRIPT_URL } from './url/scrub-url.js';
/** Strict-mode URL reduction to scheme + host. */
export { urlOrigin } from './url/url-origin.js';
/** Applies a URL scrubber to each candidate of a `srcset`. */
export { scrubSrcset } from './url/scrub-srcset.js';
/** Default query-key allowlist (`utm_*`) and the replacement for redacted values. */
export { DEFAULT_URL_ALLOWLIST } from './url/allowlist.js';
/** Value that replaces a redacted query or fragment parameter. */
export { REDACTED } from './url/param-list.js';
