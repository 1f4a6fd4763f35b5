import { formatDuration } from '../format.js';
import type { ReplayController, PlayerState } from './replay-controller.js';
import type { Marker } from './timeline-model.js';
import { Timeline } from './timeline.js';

/** Playback speeds offered (1× to 16×). */
export const SPEEDS = [1, 2, 4, 8, 16];

/** Play/pause, time, the timeline, speeds and the skip-inactivity switch. */
export function PlayerControls({ state, controller, markers, inactive }: { state: PlayerState; controller: ReplayController; markers: Marker[]; inactive: Array<[number, number]> }) {
  const playing = state.status === 'playing';
  const disabled = state.status === 'loading' || state.status === 'error';
  return (
    <div class="controls">
      <Timeline
        currentMs={state.currentMs}
        totalMs={state.totalMs}
        loadedMs={state.loadedMs}
        loadedAll={state.loadedAll}
        markers={markers}
        inactive={state.skipInactive ? inactive : []}
        onSeek={(ms) => controller.seek(ms)}
      />
      <div class="control-row">
        <button type="button" class="play" disabled={disabled} onClick={() => controller.toggle()} aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause (space)' : 'Play (space)'}>
          {playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <span class="time" aria-live="off">
          <span class="current">{formatDuration(state.currentMs)}</span> / {formatDuration(state.totalMs)}
        </span>
        {!state.loadedAll && state.status !== 'error' && <span class="muted small">loading {Math.round((state.loadedMs / Math.max(state.totalMs, 1)) * 100)}%</span>}
        <span class="spacer" />
        <label class="switch" title="Fast-forward through stretches without user activity">
          <input type="checkbox" checked={state.skipInactive} onChange={(e) => controller.setSkipInactive((e.target as HTMLInputElement).checked)} />
          Skip inactivity
        </label>
        <div class="speeds" role="group" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button type="button" class={state.speed === s ? 'chip on' : 'chip'} aria-pressed={state.speed === s} onClick={() => controller.setSpeed(s)}>
              {s}×
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

const PlayIcon = () => (
  <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M4 2.5v11l9-5.5z" fill="currentColor" /></svg>
);
const PauseIcon = () => (
  <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M4 2.5h3v11H4zM9 2.5h3v11H9z" fill="currentColor" /></svg>
);
