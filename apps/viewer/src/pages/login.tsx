import { useState } from 'preact/hooks';
import { ApiFailure, login } from '../api.js';

/** Token login: the token is exchanged for an HttpOnly session cookie and never stored by the page. */
export function LoginPage({ onLogin }: { onLogin(role: 'viewer' | 'admin'): void }) {
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
      setError(err instanceof ApiFailure ? err.message : 'Login failed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="center">
      <form class="card login" onSubmit={submit}>
        <h1>Veil</h1>
        <p class="muted">Log in with an access token (printed on first start, or from <code>veil token create</code>).</p>
        <label for="token">Access token</label>
        <input id="token" type="password" autoComplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy || token.trim() === ''}>Log in</button>
      </form>
    </div>
  );
}
