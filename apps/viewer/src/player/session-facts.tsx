import type { SessionSummary } from '@veil/protocol';
import { formatBytes, formatClient, formatDate, formatDuration, formatTime } from '../format.js';

/** Who and what a session is: end user, id, start, duration, pages, client, size, retention, redactions. */
export function SessionFacts({ session }: { session: SessionSummary }) {
  return (
    <div class="head-main">
      <div class="title">
        <h1 class="user-id" title={session.userId ?? ''}>{session.userId ?? 'Anonymous user'}</h1>
        <span class="muted mono" title="Session id">{session.id}</span>
      </div>
      <dl class="facts">
        <div><dt>Started</dt><dd>{formatTime(session.startedAt)}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(session.durationMs)}</dd></div>
        <div><dt>Pages</dt><dd>{session.pages}</dd></div>
        <div><dt>Browser</dt><dd>{formatClient([session.browser, session.os, session.device]) || 'unknown'}</dd></div>
        <div><dt>Events</dt><dd>{session.eventCount.toLocaleString()} · {formatBytes(session.storedBytes)}</dd></div>
        <div title={`Deleted for good on ${formatTime(session.expiresAt)} (retention)`}><dt>Kept until</dt><dd>{formatDate(session.expiresAt)}</dd></div>
        {session.privacyRedactions > 0 && (
          <div>
            <dt>Privacy</dt>
            <dd><span class="badge warn" title="The server masked values the recorder had sent unmasked">{session.privacyRedactions} redacted by the server</span></dd>
          </div>
        )}
      </dl>
    </div>
  );
}
