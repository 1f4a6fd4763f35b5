import { useState } from 'preact/hooks';
import { login, messageOf, type Role } from '../api.js';

/** Token login: the token is exchanged for an HttpOnly session cookie and never stored by the page. */
export function LoginPage({ onLogin, notice }: { onLogin(role: Role): void; notice?: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin((await login(token.trim())).role);
    } catch (err) {
      setError(messageOf(err, 'Login failed.'));
      setBusy(false);
    }
  };
  return (
    <div class="center">
      <form class="card login" onSubmit={submit}>
        <h1><span class="logo" aria-hidden="true" />Veil</h1>
        <p class="muted">Log in with an access token: the admin token printed on first start, or one from <code>veil token create</code>.</p>
        {notice && <p class="notice">{notice}</p>}
        <label for="token">Access token</label>
        <input id="token" type="password" autoComplete="off" autoFocus value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy || token.trim() === ''}>{busy ? 'Logging in…' : 'Log in'}</button>
      </form>
    </div>
  );
}
