import type { ProjectName, SessionSummary } from '@veil/protocol';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { listProjectNames, listSessions, messageOf, type Role } from '../api.js';
import { takeFlash } from '../components/flash.js';
import { formatAgo, formatBytes, formatClient, formatDuration, formatTime } from '../format.js';
import { linkClick, navigate } from '../router.js';

const PAGE_SIZE = 50;
/** Relative time ranges offered in the "Started" filter, in ms. */
const RANGES: Record<string, { label: string; ms: number }> = {
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
};

/** The filters as they live in the URL (`?userId=…&range=24h`), so a filtered list can be linked to and survives Back. */
interface Filters {
  range: string; // '' | key of RANGES | 'custom'
  from: string; // datetime-local value, with range=custom
  to: string;
  userId: string;
  urlContains: string;
  minDuration: string; // seconds
  projectId: string;
}
const FILTER_KEYS: Array<keyof Filters> = ['range', 'from', 'to', 'userId', 'urlContains', 'minDuration', 'projectId'];

function readFilters(search: string): Filters {
  const q = new URLSearchParams(search);
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, q.get(k) ?? ''])) as unknown as Filters;
}

function writeFilters(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k].trim() !== '') q.set(k, f[k].trim());
  const s = q.toString();
  return s ? `/?${s}` : '/';
}

/** The API query for the filters; relative ranges are resolved against `now`. */
export function toQuery(f: Filters, now: number): Record<string, string> {
  const q: Record<string, string> = { limit: String(PAGE_SIZE) };
  if (f.userId.trim()) q.userId = f.userId.trim();
  if (f.urlContains.trim()) q.urlContains = f.urlContains.trim();
  if (f.projectId.trim()) q.projectId = f.projectId.trim();
  const seconds = Number(f.minDuration);
  if (f.minDuration.trim() && Number.isFinite(seconds) && seconds > 0) q.minDurationMs = String(Math.round(seconds * 1000));
  const range = RANGES[f.range];
  if (range) q.from = new Date(now - range.ms).toISOString();
  if (f.range === 'custom') {
    const from = Date.parse(f.from);
    const to = Date.parse(f.to);
    if (Number.isFinite(from)) q.from = new Date(from).toISOString();
    if (Number.isFinite(to)) q.to = new Date(to).toISOString();
  }
  return q;
}

/** Newest sessions first, with filters kept in the URL and "load more" by cursor. */
export function SessionListPage({ search, role }: { search: string; role: Role }) {
  const applied = useMemo(() => readFilters(search), [search]);
  const [draft, setDraft] = useState<Filters>(applied);
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [projects, setProjects] = useState<ProjectName[] | null>(null);
  const [queryAt, setQueryAt] = useState(() => Date.now());
  const [flash] = useState(takeFlash);

  useEffect(() => setDraft(applied), [applied]);
  // Every role may read project names (not their settings): the filter is a list for everyone.
  useEffect(() => {
    listProjectNames().then((r) => setProjects(r.projects), () => setProjects(null));
  }, [role]);

  useEffect(() => {
    let cancelled = false;
    setSessions(null);
    setError(null);
    const now = Date.now();
    setQueryAt(now);
    listSessions(toQuery(applied, now)).then(
      (page) => {
        if (cancelled) return;
        setSessions(page.sessions);
        setCursor(page.nextCursor);
      },
      (err: unknown) => !cancelled && setError(messageOf(err, 'Could not load sessions.')),
    );
    return () => void (cancelled = true);
  }, [applied]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await listSessions({ ...toQuery(applied, queryAt), cursor });
      setSessions((prev) => [...(prev ?? []), ...page.sessions]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(messageOf(err, 'Could not load more sessions.'));
    } finally {
      setLoadingMore(false);
    }
  };

  const set = (key: keyof Filters) => (e: Event) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value });
  const filtered = FILTER_KEYS.some((k) => applied[k] !== '');
  const projectName = (id: string) => projects?.find((p) => p.id === id)?.name ?? id;
  const showProject = (projects?.length ?? 0) > 1 || (!projects && new Set(sessions?.map((s) => s.projectId)).size > 1);

  return (
    <section class="session-list">
      <div class="page-head">
        <h1>Sessions</h1>
        {sessions && <span class="muted count">{sessions.length}{cursor ? '+' : ''} {sessions.length === 1 ? 'session' : 'sessions'}</span>}
      </div>
      <form class="filters card" onSubmit={(e) => (e.preventDefault(), navigate(writeFilters(draft)))}>
        <label>
          Started
          <select name="range" value={draft.range} onChange={set('range')}>
            <option value="">Any time</option>
            {Object.entries(RANGES).map(([k, r]) => <option value={k}>{r.label}</option>)}
            <option value="custom">Between…</option>
          </select>
        </label>
        {draft.range === 'custom' && (
          <>
            <label>From<input type="datetime-local" name="from" value={draft.from} onInput={set('from')} /></label>
            <label>To<input type="datetime-local" name="to" value={draft.to} onInput={set('to')} /></label>
          </>
        )}
        <label>End-user id<input name="userId" value={draft.userId} placeholder="user-123" onInput={set('userId')} /></label>
        <label>URL contains<input name="urlContains" value={draft.urlContains} placeholder="/checkout" onInput={set('urlContains')} /></label>
        <label class="narrow">
          Min. duration (s)
          <input name="minDuration" type="number" min="0" step="1" value={draft.minDuration} placeholder="30" onInput={set('minDuration')} />
        </label>
        {projects ? (
          <label>
            Project
            <select name="projectId" value={draft.projectId} onChange={set('projectId')}>
              <option value="">All projects</option>
              {projects.map((p) => <option value={p.id}>{p.name}</option>)}
            </select>
          </label>
        ) : (
          <label>Project id<input name="projectId" value={draft.projectId} placeholder="prj_…" onInput={set('projectId')} /></label>
        )}
        <div class="filter-actions">
          <button type="submit">Apply</button>
          {filtered && <button type="button" class="secondary" onClick={() => navigate('/')}>Clear</button>}
        </div>
      </form>

      {flash && <p class="ok-box" role="status">{flash}</p>}
      {error && <p class="error-box" role="alert">{error}</p>}
      {sessions === null && !error && <p class="empty muted">Loading sessions…</p>}
      {sessions?.length === 0 &&
        (filtered ? (
          <div class="empty"><strong>No session matches these filters.</strong><p>Widen the time range or clear the filters.</p></div>
        ) : (
          <div class="empty">
            <strong>No sessions recorded yet.</strong>
            <p>Embed the recorder on your site (see the admin page for the snippet), or open <a href="/demo">the demo shop</a> to record one.</p>
          </div>
        ))}
      {sessions && sessions.length > 0 && (
        <table class="sessions card">
          <thead>
            <tr>
              <th>Started</th><th>Duration</th><th>Pages</th><th>End user</th><th>First page</th><th>Browser / OS</th>
              {showProject && <th>Project</th>}
              <th class="num">Events</th><th class="num">Size</th><th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} class="session-row" data-session-id={s.id} onClick={(e) => (e.target as Element).closest('a') || navigate(`/sessions/${s.id}`)}>
                <td>
                  <a href={`/sessions/${s.id}`} onClick={linkClick} title={formatTime(s.startedAt)}>{formatTime(s.startedAt)}</a>
                  <div class="sub">{formatAgo(s.startedAt, queryAt)}</div>
                </td>
                <td>{formatDuration(s.durationMs)}</td>
                <td class="num">{s.pages}</td>
                <td class="user" title={s.userId ?? ''}>{s.userId ?? <span class="muted">anonymous</span>}</td>
                <td class="url" title={s.firstUrl ?? ''}>{s.firstUrl ?? <span class="muted">—</span>}</td>
                <td>{formatClient([s.browser, s.os]) || <span class="muted">unknown</span>}</td>
                {showProject && <td class="project" title={s.projectId}>{projectName(s.projectId)}</td>}
                <td class="num">{s.eventCount.toLocaleString()}</td>
                <td class="num">{formatBytes(s.storedBytes)}</td>
                <td>
                  {s.privacyRedactions > 0 && (
                    <span class="badge warn" title={`The server masked ${s.privacyRedactions} value(s) the recorder had sent unmasked`}>
                      {s.privacyRedactions} redacted
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <div class="more">
          <button class="secondary" onClick={() => void loadMore()} disabled={loadingMore}>{loadingMore ? 'Loading…' : 'Load more'}</button>
        </div>
      )}
    </section>
  );
}
