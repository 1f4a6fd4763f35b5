import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../format.js';
import type { Marker, MarkerKind } from './timeline-model.js';

const FILTERS: Array<{ key: MarkerKind | 'all'; label: string }> = [
  { key: 'all', label: 'All' },
  { key: 'nav', label: 'Pages' },
  { key: 'click', label: 'Clicks' },
  { key: 'input', label: 'Inputs' },
  { key: 'gap', label: 'Gaps' },
];
const KIND_LABEL: Record<MarkerKind, string> = { nav: 'Page', click: 'Click', input: 'Input', gap: 'Gap' };

/**
 * The recording's events as a list: pages (scrubbed URLs and titles), clicks, inputs and gaps.
 * Everything here came from a recorded page, so it is only ever rendered as text.
 */
export function EventPanel({ markers, currentMs, follow, onSeek }: { markers: Marker[]; currentMs: number; follow: boolean; onSeek(ms: number): void }) {
  const [filter, setFilter] = useState<MarkerKind | 'all'>('all');
  const list = useRef<HTMLOListElement>(null);
  const shown = useMemo(() => (filter === 'all' ? markers : markers.filter((m) => m.kind === filter)), [markers, filter]);
  const counts = useMemo(() => {
    const c: Record<string, number> = { all: markers.length };
    for (const m of markers) c[m.kind] = (c[m.kind] ?? 0) + 1;
    return c;
  }, [markers]);
  const active = lastAtOrBefore(shown, currentMs);

  useEffect(() => {
    if (!follow || active < 0) return;
    const el = list.current?.children[active] as HTMLElement | undefined;
    el?.scrollIntoView({ block: 'nearest' });
  }, [active, follow]);

  return (
    <aside class="events-panel" aria-label="Events">
      <div class="panel-head">
        <h2>Events</h2>
        <div class="chips" role="group" aria-label="Show">
          {FILTERS.filter((f) => f.key === 'all' || counts[f.key]).map((f) => (
            <button type="button" class={filter === f.key ? 'chip on' : 'chip'} aria-pressed={filter === f.key} onClick={() => setFilter(f.key)}>
              {f.label} <span class="n">{counts[f.key] ?? 0}</span>
            </button>
          ))}
        </div>
      </div>
      {shown.length === 0 ? (
        <p class="muted panel-empty">No events of this kind {markers.length ? '' : 'yet'}.</p>
      ) : (
        <ol ref={list}>
          {shown.map((m, i) => (
            <li key={`${m.kind}-${m.ms}-${i}`} class={`ev ${m.kind}${i === active ? ' active' : ''}${m.ms > currentMs ? ' future' : ''}`}>
              <button type="button" onClick={() => onSeek(m.ms)} title={`Go to ${formatDuration(m.ms)}`}>
                <time>{formatDuration(m.ms)}</time>
                <span class={`kind ${m.kind}`}>{KIND_LABEL[m.kind]}</span>
                <span class="what">
                  <span class="label">{m.kind === 'nav' ? m.detail ?? m.label : m.label}</span>
                  {m.kind === 'nav' ? m.detail && <span class="detail url">{m.label}</span> : m.detail && <span class="detail">{m.detail}</span>}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

function lastAtOrBefore(markers: Marker[], ms: number): number {
  let lo = 0;
  let hi = markers.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (markers[mid]!.ms <= ms + 1) (found = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return found;
}
