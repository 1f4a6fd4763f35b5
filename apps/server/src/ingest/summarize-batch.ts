import { RRWEB_EVENT_TYPE, type RrwebEvent } from '@veil/protocol';

/** rrweb IncrementalSource.MouseInteraction and its MouseInteractions.Click. */
const MOUSE_INTERACTION = 2;
const CLICK = 2;

/** Facts about a batch kept in session metadata (computed on already scrubbed events). */
export interface BatchSummary {
  firstTs: number;
  lastTs: number;
  pages: number;
  clicks: number;
  urls: string[];
}

export function summarizeBatch(events: readonly RrwebEvent[]): BatchSummary {
  let firstTs = Infinity;
  let lastTs = -Infinity;
  let pages = 0;
  let clicks = 0;
  const urls: string[] = [];
  for (const e of events) {
    if (e.timestamp < firstTs) firstTs = e.timestamp;
    if (e.timestamp > lastTs) lastTs = e.timestamp;
    if (e.type === RRWEB_EVENT_TYPE.Meta) {
      pages++;
      if (typeof e.data.href === 'string') urls.push(e.data.href);
    } else if (e.type === RRWEB_EVENT_TYPE.IncrementalSnapshot && e.data.source === MOUSE_INTERACTION && e.data.type === CLICK) {
      clicks++;
    }
  }
  return { firstTs, lastTs, pages, clicks, urls };
}
