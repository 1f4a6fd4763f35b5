import type { PrivacyLevel } from '../fields.js';
import { DEFAULT_URL_ALLOWLIST } from '../url/allowlist.js';
import { scrubUrl } from '../url/scrub-url.js';
import type { ScrubContext } from './context.js';
import { createCounts, resetCounts, type RedactionCounts } from './counts.js';
import { EventType, isObject, type JsonObject, type SerializedNode } from './rrweb.js';
import { scrubIncremental, scrubPayload } from './scrub-incremental.js';
import { scrubNodeTree } from './scrub-node.js';

/** Options of `createScrubber`. */
export interface ScrubberOptions {
  /** 'balanced' (default): mask form values and detected PII. 'strict': mask all text too. */
  level?: PrivacyLevel;
  /** Query keys whose values are kept (PII-masked); a trailing '*' is a prefix wildcard. */
  urlAllowlist?: readonly string[];
}

/**
 * An rrweb event scrubber with running redaction counters. It remembers which node ids sit
 * under a marker (or, in strict mode, under data-veil-unmask), so use one scrubber per
 * recording (or per batch) and feed it the events in order.
 */
export interface Scrubber {
  /** Masks one rrweb event in place; anything that is not an rrweb event is left alone. */
  scrubEvent(event: unknown): void;
  /** Redactions since creation or the last `reset()`. */
  readonly counts: Readonly<RedactionCounts>;
  /** Zeroes the counters (e.g. after reporting a batch). */
  reset(): void;
}

/** Creates a scrubber; see `src/index.ts` for the policy it applies. */
export function createScrubber(options: ScrubberOptions = {}): Scrubber {
  const ctx: ScrubContext = {
    level: options.level === 'strict' ? 'strict' : 'balanced',
    allowlist: options.urlAllowlist ?? DEFAULT_URL_ALLOWLIST,
    counts: createCounts(),
    nodes: new Map(),
  };
  return {
    scrubEvent: (event) => scrubEvent(ctx, event),
    counts: ctx.counts,
    reset: () => resetCounts(ctx.counts),
  };
}

function scrubEvent(ctx: ScrubContext, event: unknown): void {
  if (!isObject(event) || !isObject(event.data)) return;
  const data: JsonObject = event.data;
  switch (event.type) {
    case EventType.FullSnapshot:
      ctx.nodes.clear();
      if (isObject(data.node)) scrubNodeTree(ctx, data.node as unknown as SerializedNode);
      return;
    case EventType.IncrementalSnapshot:
      return scrubIncremental(ctx, data);
    case EventType.Meta:
      if (typeof data.href === 'string') {
        const href = scrubUrl(data.href, ctx.allowlist, ctx.counts);
        if (href !== data.href) ctx.counts.url++;
        data.href = href;
      }
      return;
    case EventType.Custom:
    case EventType.Plugin:
      // Developer-defined payloads: every string is scanned, URL-named keys are URL-scrubbed.
      return scrubPayload(ctx, data);
    default:
      return;
  }
}
