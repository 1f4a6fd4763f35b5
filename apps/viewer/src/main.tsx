import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, logout, me } from './api.js';
import { LoginPage } from './pages/login.js';
import { PlayerPage } from './pages/player.js';
import { SessionListPage } from './pages/session-list.js';
import { navigate } from './router.js';
import './styles.css';

type Role = 'viewer' | 'admin';

function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return path;
}

function App() {
  const path = usePath();
  const [role, setRole] = useState<Role | null | undefined>(undefined);
  useEffect(() => {
    me().then(
      (p) => setRole(p.role),
      (err: unknown) => setRole(err instanceof ApiFailure && err.status === 401 ? null : null),
    );
  }, []);

  if (role === undefined) return <div class="center muted">Loading…</div>;
  if (role === null) return <LoginPage onLogin={setRole} />;

  const sessionMatch = /^\/sessions\/([\w-]+)$/.exec(path);
  return (
    <div class="layout">
      <header class="topbar">
        <a class="brand" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>Veil</a>
        <nav>
          <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>Sessions</a>
        </nav>
        <span class="spacer" />
        <span class="muted role">{role}</span>
        <button class="link" onClick={() => logout().finally(() => setRole(null))}>Log out</button>
      </header>
      <main class="content">{sessionMatch ? <PlayerPage id={sessionMatch[1]!} /> : <SessionListPage />}</main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
