import { useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../format.js';
import type { Marker } from './timeline-model.js';

interface Props {
  currentMs: number;
  totalMs: number;
  loadedMs: number;
  loadedAll: boolean;
  markers: Marker[];
  inactive: Array<[number, number]>;
  onSeek(ms: number): void;
}

/** Markers closer than this fraction of the timeline are drawn once (a busy minute is one dot, not hundreds). */
const MARKER_BUCKET = 1 / 400;

/** The seek bar: played and loaded ranges, inactive stretches, and markers; click or drag to seek. */
export function Timeline({ currentMs, totalMs, loadedMs, loadedAll, markers, inactive, onSeek }: Props) {
  const bar = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const total = Math.max(totalMs, 1);
  const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / total) * 100))}%`;
  const at = (e: PointerEvent) => {
    const r = bar.current!.getBoundingClientRect();
    return Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)) * total;
  };

  const dots = useMemo(() => {
    const seen = new Set<string>();
    const out: Marker[] = [];
    for (const m of markers) {
      const key = `${m.kind}:${Math.round(m.ms / total / MARKER_BUCKET)}`;
      if (!seen.has(key)) (seen.add(key), out.push(m));
    }
    return out;
  }, [markers, total]);

  const shown = drag ?? currentMs;
  const hoverMarker = hover === null ? null : nearest(markers, hover, total * 0.006);
  return (
    <div
      class="timeline"
      ref={bar}
      role="slider"
      tabIndex={-1}
      aria-label="Seek"
      aria-valuemin={0}
      aria-valuemax={Math.round(totalMs)}
      aria-valuenow={Math.round(shown)}
      aria-valuetext={formatDuration(shown)}
      onPointerDown={(e) => {
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        setDrag(at(e));
      }}
      onPointerMove={(e) => {
        setHover(at(e));
        if (drag !== null) setDrag(at(e));
      }}
      onPointerUp={(e) => {
        if (drag === null) return;
        setDrag(null);
        onSeek(at(e));
      }}
      onPointerLeave={() => setHover(null)}
    >
      <div class="track">
        <div class="loaded" style={{ width: loadedAll ? '100%' : pct(loadedMs) }} />
        {inactive.map(([a, b]) => (
          <div class="inactive" style={{ left: pct(a), width: pct(b - a) }} />
        ))}
        <div class="played" style={{ width: pct(shown) }} />
      </div>
      {dots.map((m) => (
        <span class={`marker ${m.kind}`} style={{ left: pct(m.ms) }} />
      ))}
      <div class="thumb" style={{ left: pct(shown) }} />
      {hover !== null && (
        <div class="hover-tip" style={{ left: pct(hover) }}>
          {formatDuration(hover)}
          {hoverMarker && <span> · {hoverMarker.label}</span>}
        </div>
      )}
    </div>
  );
}

function nearest(markers: Marker[], ms: number, within: number): Marker | null {
  let best: Marker | null = null;
  for (const m of markers) if (Math.abs(m.ms - ms) <= within && (!best || Math.abs(m.ms - ms) < Math.abs(best.ms - ms))) best = m;
  return best;
}
