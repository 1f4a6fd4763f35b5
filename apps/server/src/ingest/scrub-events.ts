import { createScrubber, type RedactionCounts } from '@veil/privacy';
import type { Project, RrwebEvent } from '@veil/protocol';

/**
 * The server's own privacy pass: every event of one batch is scrubbed again with the project's
 * level, in place, by a scrubber that lives for this batch only (marks seen earlier in the batch
 * carry to later events; nothing carries between batches, so no per-session state is kept). A
 * well-behaved recorder has already masked everything, so any redaction counted here is
 * something a client sent that it should not have — and a batch with none is stored as sent.
 */
export function scrubEvents(events: RrwebEvent[], project: Pick<Project, 'privacyLevel' | 'urlAllowlist'>): {
  redactions: number;
  byKind: Readonly<RedactionCounts>;
} {
  const scrubber = createScrubber({ level: project.privacyLevel, urlAllowlist: project.urlAllowlist });
  for (const event of events) scrubber.scrubEvent(event);
  let redactions = 0;
  for (const n of Object.values(scrubber.counts)) redactions += n;
  return { redactions, byKind: scrubber.counts };
}
