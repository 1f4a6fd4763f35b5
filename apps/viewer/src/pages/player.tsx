import type { SessionDetail } from '@veil/protocol';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { deleteSession, getSession, messageOf, sessionExportUrl, type Role } from '../api.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { CopyButton } from '../components/copy-button.js';
import { download } from '../components/download.js';
import { setFlash } from '../components/flash.js';
import { parseTimestamp, timestampParam } from '../format.js';
import { PlayerControls, SPEEDS } from '../player/controls.js';
import { EventPanel } from '../player/event-panel.js';
import { usableAssetOrigins } from '../player/page-asset-origins.js';
import { ReplayController, type PlayerState } from '../player/replay-controller.js';
import { SessionFacts } from '../player/session-facts.js';
import { linkClick, navigate } from '../router.js';

/** `#t=1:23` → 83 000 ms; null without a (valid) time. */
function hashTime(): number | null {
  const t = /^#t=(.+)$/.exec(location.hash)?.[1];
  return t ? parseTimestamp(decodeURIComponent(t)) : null;
}

/** Keys handled anywhere on the page except while typing in a field. */
const SEEK_STEP_MS = 5_000;
const SEEK_BIG_STEP_MS = 30_000;

/** One session: metadata, the streaming player with timeline and event panel, and admin actions. */
export function PlayerPage({ id, role }: { id: string; role: Role }) {
  const [session, setSession] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [controller, setController] = useState<ReplayController | null>(null);
  const [state, setState] = useState<PlayerState | null>(null);
  const stage = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let ctl: ReplayController | null = null;
    setSession(null);
    setError(null);
    // Events and metadata are fetched in parallel: the first frame waits for neither round trip twice.
    // The replay starts once the metadata says which asset hosts it may load from (none if it fails).
    const meta = getSession(id);
    const assetOrigins = meta.then((m) => usableAssetOrigins(m.replayAssetOrigins) ?? new Promise<never>(() => {}));
    ctl = new ReplayController(id, stage.current!, 0, assetOrigins);
    ctl.subscribe(setState);
    ctl.start(hashTime());
    setController(ctl);
    meta.then(
      (meta) => {
        if (cancelled) return;
        setSession(meta);
        ctl?.setDurationHint(meta.durationMs);
      },
      (err: unknown) => {
        if (cancelled) return;
        ctl?.destroy();
        setError(messageOf(err, 'Could not load this session.'));
      },
    );
    return () => {
      cancelled = true;
      ctl?.destroy();
      setController(null);
      setState(null);
    };
  }, [id]);

  // Deep links: a changed #t= seeks.
  useEffect(() => {
    if (!controller) return;
    const onHash = () => {
      const ms = hashTime();
      if (ms !== null) controller.seek(ms);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [controller]);

  // Keyboard: space plays/pauses, arrows seek (shift: 30 s), up/down change speed.
  useEffect(() => {
    if (!controller) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
      const step = e.shiftKey ? SEEK_BIG_STEP_MS : SEEK_STEP_MS;
      if (e.key === ' ' || e.key === 'k') controller.toggle();
      else if (e.key === 'ArrowLeft') controller.seekBy(-step);
      else if (e.key === 'ArrowRight') controller.seekBy(step);
      else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') controller.setSpeed(nextSpeed(controller.snapshot.speed, e.key === 'ArrowUp' ? 1 : -1));
      else return;
      e.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [controller]);

  const version = state?.timelineVersion ?? 0;
  const markers = useMemo(() => controller?.model.sorted() ?? [], [controller, version]);
  const inactive = useMemo(() => [...(controller?.model.inactive ?? [])], [controller, version]);
  const link = () => `${location.origin}/sessions/${id}#t=${timestampParam(state?.currentMs ?? 0)}`;

  const onDelete = async () => {
    setActionError(null);
    try {
      await deleteSession(id);
      setFlash('The session was deleted.');
      navigate('/');
    } catch (err) {
      setActionError(messageOf(err, 'The session could not be deleted.'));
    }
  };
  const onExport = () => {
    setActionError(null);
    download(sessionExportUrl(id), `veil-session-${id}.json`).catch((err: unknown) => setActionError(messageOf(err, 'The export failed.')));
  };

  if (error) {
    return (
      <section class="player-page">
        <a href="/" class="back" onClick={linkClick}>← Sessions</a>
        <div class="empty"><strong>{error}</strong><p>It may have been deleted or reached the end of its retention period.</p></div>
      </section>
    );
  }

  const status = state?.status ?? 'loading';
  return (
    <section class="player-page" data-status={status} data-current-ms={Math.round(state?.currentMs ?? 0)} data-speed={state?.speed ?? 1} data-loaded-all={state?.loadedAll ? 'true' : 'false'}>
      <div class="player-head">
        <a href="/" class="back" onClick={linkClick}>← Sessions</a>
        {session ? (
          <>
            <SessionFacts session={session} />
            <div class="actions">
              <CopyButton text={link} label="Copy link" testId="copy-link" />
              <button type="button" class="secondary" onClick={onExport} title="Download the recording as a Veil export file (audited)">Export</button>
              {role === 'admin' && <ConfirmButton label="Delete" question="Delete this recording for good?" confirmLabel="Delete session" onConfirm={onDelete} />}
            </div>
          </>
        ) : (
          <div class="title"><h1 class="muted">Loading session…</h1></div>
        )}
      </div>
      {actionError && <p class="error-box" role="alert">{actionError}</p>}
      {state?.error && status !== 'error' && <p class="error-box" role="alert">{state.error}</p>}
      {state && state.assetOrigins.length > 0 && (
        <p class="hint" data-testid="replay-asset-note">
          This replay loads images and fonts from: {state.assetOrigins.join(', ')}; those hosts can see when it is viewed.
        </p>
      )}
      <div class="player-body">
        <div class="player-main">
          <div class="stage" ref={stage} onClick={() => controller?.toggle()}>
            {(status === 'loading' || status === 'buffering') && !state?.error && (
              <div class="overlay"><span class="spinner" aria-hidden="true" />{status === 'loading' ? 'Loading recording…' : 'Loading this part…'}</div>
            )}
            {status === 'error' && <div class="overlay error-overlay" role="alert">{state?.error}</div>}
            {state?.skipping && <div class="skip-note">Skipping inactivity…</div>}
          </div>
          {state && controller && <PlayerControls state={state} controller={controller} markers={markers} inactive={inactive} />}
        </div>
        <EventPanel markers={markers} currentMs={state?.currentMs ?? 0} follow={status === 'playing'} onSeek={(ms) => controller?.seek(ms)} />
      </div>
    </section>
  );
}

function nextSpeed(current: number, dir: 1 | -1): number {
  const i = SPEEDS.indexOf(current);
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? 0 : i) + dir))]!;
}
