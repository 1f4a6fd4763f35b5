import { useEffect, useState } from 'preact/hooks';
import { createToken, listTokens, me, messageOf, revokeToken, type Role, type TokenInfo } from '../../api.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { CopyButton } from '../../components/copy-button.js';
import { formatTime } from '../../format.js';

/** Access tokens: create (shown once), list, revoke. */
export function TokensTab() {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [self, setSelf] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; role: Role; token: string } | null>(null);
  const [form, setForm] = useState({ role: 'viewer' as Role, label: '', expires: '' });
  const [busy, setBusy] = useState(false);

  const reload = () => listTokens().then((r) => setTokens(r.tokens), (err: unknown) => setError(messageOf(err, 'Could not load tokens.')));
  useEffect(() => {
    void reload();
    me().then((m) => setSelf(m.tokenId), () => undefined);
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const days = Number(form.expires);
      setCreated(await createToken({ role: form.role, ...(form.label.trim() ? { label: form.label.trim() } : {}), ...(form.expires && days > 0 ? { expiresInDays: days } : {}) }));
      setForm({ role: 'viewer', label: '', expires: '' });
      await reload();
    } catch (err) {
      setError(messageOf(err, 'The token was not created.'));
    } finally {
      setBusy(false);
    }
  };

  const now = Date.now();
  const status = (t: TokenInfo) => (t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active');
  return (
    <div class="stack">
      <form class="card token-form" onSubmit={create}>
        <h2>New token</h2>
        <div class="row">
          <label>
            Role
            <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: (e.target as HTMLSelectElement).value as Role })}>
              <option value="viewer">viewer: watch sessions</option>
              <option value="admin">admin: everything</option>
            </select>
          </label>
          <label>Label<input name="label" value={form.label} maxLength={100} placeholder="Support: Dana" onInput={(e) => setForm({ ...form, label: (e.target as HTMLInputElement).value })} /></label>
          <label class="narrow">Expires in (days)<input name="expiresInDays" type="number" min="1" max="3650" value={form.expires} placeholder="never" onInput={(e) => setForm({ ...form, expires: (e.target as HTMLInputElement).value })} /></label>
          <div class="form-actions"><button type="submit" disabled={busy}>Create token</button></div>
        </div>
        {created && (
          <div class="secret" role="status">
            <p><strong>Copy this {created.role} token now.</strong> It is stored hashed and will not be shown again.</p>
            <div class="key-row">
              <code class="key" data-testid="new-token">{created.token}</code>
              <CopyButton text={() => created.token} label="Copy" class="" />
              <button type="button" class="secondary" onClick={() => setCreated(null)}>Done</button>
            </div>
          </div>
        )}
      </form>
      {error && <p class="error-box" role="alert">{error}</p>}
      {!tokens ? (
        <p class="empty muted">Loading tokens…</p>
      ) : (
        <table class="card grid-table tokens">
          <thead><tr><th>Label</th><th>Role</th><th>Id</th><th>Created</th><th>Expires</th><th>Status</th><th /></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr data-token-id={t.id} class={status(t) === 'active' ? '' : 'dim'}>
                <td>{t.label ?? <span class="muted">no label</span>}{t.id === self && <span class="badge">you</span>}</td>
                <td><span class={`role-tag ${t.role}`}>{t.role}</span></td>
                <td class="mono">{t.id}</td>
                <td>{formatTime(t.createdAt)}</td>
                <td>{t.expiresAt ? formatTime(t.expiresAt) : <span class="muted">never</span>}</td>
                <td>{status(t)}</td>
                <td class="right">
                  {status(t) === 'active' && (
                    <ConfirmButton
                      label="Revoke"
                      question={t.id === self ? 'This logs you out. Revoke?' : 'Revoke this token?'}
                      confirmLabel="Revoke"
                      onConfirm={async () => {
                        try {
                          await revokeToken(t.id);
                          await reload();
                        } catch (err) {
                          setError(messageOf(err, 'The token was not revoked.'));
                        }
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
