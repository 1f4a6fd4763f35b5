import { useEffect, useState } from 'preact/hooks';
import { listAudit, messageOf, type AuditEntry } from '../../api.js';
import { formatTime } from '../../format.js';

const PAGE = 50;
/** Actions the server writes today; the filter also accepts any other text. */
// A `_started` entry without its final one marks a bulk deletion cut short (see services/deletion-service.ts).
const ACTIONS = [
  'session.view', 'session.export', 'session.import', 'session.delete', 'user.export', 'user.delete', 'user.delete_started',
  'project.create', 'project.update', 'project.rotate_key', 'project.sessions_delete', 'project.sessions_delete_started',
  'token.create', 'token.revoke', 'auth.login', 'auth.logout', 'auth.login_failed', 'retention.sweep', 'retention.sweep_started', 'backup.create', 'bootstrap',
];

/**
 * Who watched, exported, deleted or changed what: newest first, filterable, paged by id. End-user
 * ids are stored pseudonymized, so the "about end user" filter asks the server to match them.
 */
export function AuditTab() {
  const [filters, setFilters] = useState({ action: '', actor: '', userId: '' });
  const [applied, setApplied] = useState(filters);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (before?: number) => {
    setError(null);
    try {
      const r = await listAudit({ limit: PAGE, before, action: applied.action.trim(), actor: applied.actor.trim(), userId: applied.userId.trim() });
      setEntries((prev) => (before && prev ? [...prev, ...r.entries] : r.entries));
      setNextBefore(r.nextBefore ?? null);
    } catch (err) {
      setError(messageOf(err, 'Could not load the audit log.'));
    }
  };
  useEffect(() => {
    setEntries(null);
    void load();
  }, [applied]);

  return (
    <div class="stack">
      <form class="filters card" onSubmit={(e) => (e.preventDefault(), setApplied(filters))}>
        <label>
          Action
          <input name="action" list="audit-actions" value={filters.action} placeholder="any" onInput={(e) => setFilters({ ...filters, action: (e.target as HTMLInputElement).value })} />
          <datalist id="audit-actions">{ACTIONS.map((a) => <option value={a} />)}</datalist>
        </label>
        <label>Actor (token id)<input name="actor" value={filters.actor} placeholder="tok_…" onInput={(e) => setFilters({ ...filters, actor: (e.target as HTMLInputElement).value })} /></label>
        <label>About end user<input name="userId" value={filters.userId} placeholder="user-123" onInput={(e) => setFilters({ ...filters, userId: (e.target as HTMLInputElement).value })} /></label>
        <div class="filter-actions"><button type="submit">Apply</button></div>
      </form>
      {error && <p class="error-box" role="alert">{error}</p>}
      {!entries && !error && <p class="empty muted">Loading the audit log…</p>}
      {entries?.length === 0 && <div class="empty"><strong>No entries match.</strong></div>}
      {entries && entries.length > 0 && (
        <table class="card grid-table audit">
          <thead><tr><th>When</th><th>Actor</th><th>Action</th><th>Target</th><th>Details</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatTime(e.at)}</td>
                <td class="mono">{e.actor}</td>
                <td><span class="action-tag">{e.action}</span></td>
                <td class="mono target" title={e.target ?? ''}>{e.target ?? ''}</td>
                <td class="details"><code>{e.details && Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null && <div class="more"><button class="secondary" onClick={() => void load(nextBefore)}>Older entries</button></div>}
    </div>
  );
}
