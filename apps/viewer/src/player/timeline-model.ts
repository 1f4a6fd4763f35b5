import type { ReplayEvent } from '../api.js';

/** rrweb's EventType and IncrementalSource values the viewer reads (from @rrweb/types). */
const EVENT = { FullSnapshot: 2, Incremental: 3, Meta: 4, Custom: 5 } as const;
const SOURCE = { Mutation: 0, MouseInteraction: 2, Input: 5 } as const;
const CLICK = 2;
/** Same threshold as rrweb's Replayer (`inactivePeriodThreshold`), so the shaded stretches are the skipped ones. */
export const INACTIVE_THRESHOLD_MS = 10_000;
/** Keystrokes into one field closer than this are one "input" entry. */
const INPUT_MERGE_MS = 2_000;

export type MarkerKind = 'nav' | 'click' | 'input' | 'gap';

/** One entry of the timeline and the side panel. Labels come from the recording: render them as text only. */
export interface Marker {
  kind: MarkerKind;
  /** Offset from the first event. */
  ms: number;
  label: string;
  detail?: string;
}

/** What the viewer knows of one recorded element, for labels like `button "Add to cart"`. */
interface NodeInfo {
  tag: string;
  idAttr?: string;
  cls?: string;
  type?: string;
  text?: string;
}

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

const ELEMENT = 2;
const TEXT = 3;

/**
 * Markers, panel entries and inactive stretches of a recording, built incrementally as chunks of
 * events arrive (the viewer streams long recordings).
 */
export class TimelineModel {
  readonly markers: Marker[] = [];
  /** [startMs, endMs] stretches without user interaction longer than the threshold. */
  readonly inactive: Array<[number, number]> = [];
  start: number | null = null;
  /** Offset of the last event seen. */
  endMs = 0;
  private lastInteraction: number | null = null;
  private readonly nodes = new Map<number, NodeInfo>();
  private pendingTitleFor: Marker | null = null;
  private lastInput: { id: number; ts: number; marker: Marker } | null = null;

  add(events: readonly ReplayEvent[]): void {
    for (const e of events) {
      if (this.start === null) this.start = e.timestamp;
      const ms = e.timestamp - this.start;
      if (ms > this.endMs) this.endMs = ms;
      switch (e.type) {
        case EVENT.Meta:
          if (typeof e.data?.href === 'string') {
            const marker: Marker = { kind: 'nav', ms, label: e.data.href };
            this.markers.push(marker);
            this.pendingTitleFor = marker;
          }
          break;
        case EVENT.FullSnapshot:
          this.nodes.clear();
          if (e.data?.node) this.index(e.data.node as SerializedNode);
          if (this.pendingTitleFor) {
            const title = findTitle(e.data?.node as SerializedNode | undefined);
            if (title) this.pendingTitleFor.detail = title;
            this.pendingTitleFor = null;
          }
          break;
        case EVENT.Incremental:
          this.incremental(e, ms);
          break;
        case EVENT.Custom:
          if (e.data?.tag === 'veil-gap') {
            const p = (e.data.payload ?? {}) as { batches?: number; events?: number };
            const batches = Number(p.batches) || 0;
            const lost = Number(p.events) || 0;
            this.markers.push({
              kind: 'gap',
              ms,
              label: `Recording gap: ${batches} batch${batches === 1 ? '' : 'es'} lost`,
              detail: lost ? `${lost} events were not delivered` : 'some events were not delivered',
            });
          }
          break;
      }
    }
  }

  private incremental(e: ReplayEvent, ms: number): void {
    const source = e.data?.source as number;
    if (source === SOURCE.Mutation) {
      for (const add of (e.data.adds ?? []) as Array<{ node: SerializedNode }>) if (add?.node) this.index(add.node);
    }
    if (source > SOURCE.Mutation && source <= SOURCE.Input) {
      if (this.lastInteraction !== null && ms - this.lastInteraction > INACTIVE_THRESHOLD_MS) this.inactive.push([this.lastInteraction, ms]);
      this.lastInteraction = ms;
    }
    if (source === SOURCE.MouseInteraction && e.data.type === CLICK) {
      this.markers.push({ kind: 'click', ms, label: `Click ${this.describe(e.data.id as number)}` });
    } else if (source === SOURCE.Input) {
      const id = e.data.id as number;
      if (this.lastInput && this.lastInput.id === id && e.timestamp - this.lastInput.ts < INPUT_MERGE_MS) {
        this.lastInput.ts = e.timestamp;
        return;
      }
      const marker: Marker = { kind: 'input', ms, label: `Input ${this.describe(id)}` };
      this.markers.push(marker);
      this.lastInput = { id, ts: e.timestamp, marker };
    }
  }

  /** The markers sorted by time (chunks arrive in order, but a gap marker may precede its neighbours). */
  sorted(): Marker[] {
    return [...this.markers].sort((a, b) => a.ms - b.ms);
  }

  private index(node: SerializedNode): void {
    const stack: SerializedNode[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === ELEMENT && typeof n.tagName === 'string') {
        const a = n.attributes ?? {};
        const info: NodeInfo = { tag: n.tagName.toLowerCase() };
        if (typeof a.id === 'string' && a.id) info.idAttr = a.id;
        if (typeof a.class === 'string' && a.class.trim()) info.cls = a.class.trim().split(/\s+/)[0];
        if (typeof a.type === 'string') info.type = a.type;
        const text = directText(n) || (typeof a['aria-label'] === 'string' ? a['aria-label'] : '') || (typeof a.value === 'string' && info.tag === 'input' && (info.type === 'submit' || info.type === 'button') ? a.value : '');
        if (text) info.text = shorten(text);
        this.nodes.set(n.id, info);
      }
      if (n.childNodes) for (const c of n.childNodes) stack.push(c);
    }
  }

  /** `button "Add to cart"`, `input#email`, `div.card`, or `element` when unknown. */
  describe(id: number): string {
    const info = this.nodes.get(id);
    if (!info) return 'element';
    let s = info.tag;
    if (info.idAttr) s += `#${info.idAttr}`;
    else if (info.cls) s += `.${info.cls}`;
    if (info.text && info.tag !== 'input' && info.tag !== 'textarea') s += ` "${info.text}"`;
    else if (info.text && (info.type === 'submit' || info.type === 'button')) s += ` "${info.text}"`;
    return s;
  }
}

function directText(n: SerializedNode): string {
  let text = '';
  const visit = (node: SerializedNode, depth: number) => {
    for (const c of node.childNodes ?? []) {
      if (text.length > 60) return;
      if (c.type === TEXT && typeof c.textContent === 'string') text += c.textContent;
      else if (c.type === ELEMENT && depth < 2 && c.tagName !== 'script' && c.tagName !== 'style') visit(c, depth + 1);
    }
  };
  visit(n, 0);
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

/** The `<title>` text of a serialized document, if any. */
function findTitle(root: SerializedNode | undefined): string | undefined {
  if (!root) return undefined;
  const stack: SerializedNode[] = [root];
  let steps = 0;
  while (stack.length && steps++ < 5000) {
    const n = stack.pop()!;
    if (n.type === ELEMENT && n.tagName === 'title') {
      const t = (n.childNodes ?? []).map((c) => c.textContent ?? '').join('').trim();
      return t || undefined;
    }
    if (n.type === ELEMENT && n.tagName === 'body') continue;
    if (n.childNodes) for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]!);
  }
  return undefined;
}
