import type { SessionSummary } from '@veil/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import Player from 'rrweb-player';
import 'rrweb-player/dist/style.css';
import { ApiFailure, getEvents, getSession } from '../api.js';
import { formatDuration, formatTime, parseTimestamp } from '../format.js';

/** One session: metadata and the rrweb player (sandboxed iframe: recorded pages run no script). */
export function PlayerPage({ id }: { id: string }) {
  const [session, setSession] = useState<SessionSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const target = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let player: Player | null = null;
    let cancelled = false;
    (async () => {
      try {
        const [meta, events] = await Promise.all([getSession(id), getEvents(id)]);
        if (cancelled) return;
        setSession(meta);
        if (events.length < 2) throw new ApiFailure(0, 'empty', 'This session has too few events to replay yet.');
        const width = Math.min(1200, (target.current!.clientWidth || 1024) - 8);
        player = new Player({
          target: target.current!,
          props: { events: events as never, width, height: Math.round(width * 0.56), autoPlay: false, skipInactive: true, speedOption: [1, 2, 4, 8, 16] },
        });
        const t = /^#t=(.+)$/.exec(location.hash)?.[1];
        const offset = t ? parseTimestamp(decodeURIComponent(t)) : null;
        if (offset !== null) player.goto(offset, false);
        setReady(true);
      } catch (err) {
        if (!cancelled) setError(err instanceof ApiFailure ? err.message : 'Could not load this session.');
      }
    })();
    return () => {
      cancelled = true;
      (player as unknown as { $destroy?(): void } | null)?.$destroy?.();
    };
  }, [id]);

  return (
    <section class="player-page">
      <a href="/" class="back">← All sessions</a>
      {session && (
        <div class="meta">
          <h1>Session {session.id.slice(0, 10)}…</h1>
          <span>{formatTime(session.startedAt)}</span>
          <span>{formatDuration(session.durationMs)}</span>
          <span>{session.userId ?? 'anonymous'}</span>
          <span>{[session.browser, session.os, session.device].filter(Boolean).join(' · ')}</span>
          <span class="url">{session.firstUrl}</span>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {!ready && !error && <p class="muted">Loading recording…</p>}
      <div ref={target} class="player" data-ready={ready ? 'true' : 'false'} />
    </section>
  );
}
