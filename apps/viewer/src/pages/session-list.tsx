import type { SessionSummary } from '@veil/protocol';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, listSessions } from '../api.js';
import { formatBytes, formatDuration, formatTime } from '../format.js';
import { navigate } from '../router.js';

interface Filters {
  userId: string;
  urlContains: string;
  minDurationMs: string;
}

/** Newest sessions first, with filters and "load more" by cursor. */
export function SessionListPage() {
  const [filters, setFilters] = useState<Filters>({ userId: '', urlContains: '', minDurationMs: '' });
  const [applied, setApplied] = useState<Filters>(filters);
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (more: boolean) => {
    setError(null);
    try {
      const page = await listSessions({ ...applied, ...(more && cursor ? { cursor } : {}) });
      setSessions((prev) => (more && prev ? [...prev, ...page.sessions] : page.sessions));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'Could not load sessions.');
    }
  };
  useEffect(() => void load(false), [applied]);

  const field = (key: keyof Filters, label: string, placeholder: string) => (
    <label>
      {label}
      <input name={key} value={filters[key]} placeholder={placeholder} onInput={(e) => setFilters({ ...filters, [key]: (e.target as HTMLInputElement).value })} />
    </label>
  );

  return (
    <section>
      <h1>Sessions</h1>
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setApplied(filters))}>
        {field('userId', 'End-user id', 'user-123')}
        {field('urlContains', 'URL contains', '/checkout')}
        {field('minDurationMs', 'Min. duration (ms)', '10000')}
        <button type="submit">Filter</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {sessions === null && !error && <p class="muted">Loading…</p>}
      {sessions?.length === 0 && <p class="empty">No sessions yet. Open <a href="/demo">the demo page</a> to record one.</p>}
      {sessions && sessions.length > 0 && (
        <table class="sessions">
          <thead>
            <tr><th>Started</th><th>Duration</th><th>User</th><th>First page</th><th>Pages</th><th>Browser</th><th>Events</th><th>Size</th><th /></tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} class="session-row" data-session-id={s.id} onClick={() => navigate(`/sessions/${s.id}`)}>
                <td>{formatTime(s.startedAt)}</td>
                <td>{formatDuration(s.durationMs)}</td>
                <td>{s.userId ?? <span class="muted">anonymous</span>}</td>
                <td class="url" title={s.firstUrl ?? ''}>{s.firstUrl ?? ''}</td>
                <td>{s.pages}</td>
                <td>{[s.browser, s.os].filter(Boolean).join(' · ')}</td>
                <td>{s.eventCount}</td>
                <td>{formatBytes(s.storedBytes)}</td>
                <td>{s.privacyRedactions > 0 && <span class="badge" title="The server masked data the recorder had sent">{s.privacyRedactions} masked</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && <button class="secondary" onClick={() => void load(true)}>Load more</button>}
    </section>
  );
}
