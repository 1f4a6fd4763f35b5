import { render, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { logout, me, onUnauthorized, type Role } from './api.js';
import { AdminPage } from './pages/admin.js';
import { LoginPage } from './pages/login.js';
import { SessionListPage } from './pages/session-list.js';
import { linkClick, useLocation } from './router.js';
import '@rrweb/replay/dist/style.css';
import './styles.css';

/**
 * The player (and rrweb's Replayer, most of the bundle) loads only when a session is opened:
 * the list and admin pages stay small.
 */
type PlayerProps = { id: string; role: Role };
let playerModule: Promise<FunctionComponent<PlayerProps>> | null = null;
const loadPlayer = () => (playerModule ??= import('./pages/player.js').then((m) => m.PlayerPage));

function LazyPlayer(props: PlayerProps) {
  const [Page, setPage] = useState<FunctionComponent<PlayerProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadPlayer().then((p) => setPage(() => p), () => setFailed(true));
  }, []);
  if (failed) return <p class="error-box" role="alert">The player could not be loaded. Reload the page to try again.</p>;
  return Page ? <Page {...props} /> : <p class="empty muted">Loading the player…</p>;
}

const SESSION_PATH = /^\/sessions\/([\w-]{1,64})$/;
// Opening a session link: fetch the player while the login is being checked.
if (SESSION_PATH.test(location.pathname)) void loadPlayer().catch(() => undefined);
const ADMIN_PATH = /^\/admin(?:\/([a-z]+))?\/?$/;

function App() {
  const { path, search } = useLocation();
  const [role, setRole] = useState<Role | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    me().then(
      (p) => setRole(p.role),
      (err: unknown) => {
        // 401: not logged in. Anything else: show the login anyway, with the reason.
        if (!(err instanceof Error) || !('status' in err) || err.status !== 401) setLoadError('Veil could not be reached. Try again in a moment.');
        setRole(null);
      },
    );
    return onUnauthorized(() => setRole(null));
  }, []);

  if (role === undefined) return <div class="center muted">Loading…</div>;
  if (role === null) return <LoginPage onLogin={(r) => (setLoadError(null), setRole(r))} notice={loadError} />;

  const session = SESSION_PATH.exec(path);
  const admin = ADMIN_PATH.exec(path);
  let page;
  if (session) page = <LazyPlayer key={session[1]} id={session[1]!} role={role} />;
  else if (admin) page = role === 'admin' ? <AdminPage tab={admin[1] ?? 'projects'} /> : <p class="empty">Only admins can open the admin pages.</p>;
  else if (path === '/') page = <SessionListPage search={search} role={role} />;
  else page = <p class="empty">Nothing here. <a href="/" onClick={linkClick}>Go to the sessions</a>.</p>;

  return (
    <div class="layout">
      <header class="topbar">
        <a class="brand" href="/" onClick={linkClick}>
          <span class="logo" aria-hidden="true" />Veil
        </a>
        <nav>
          <a href="/" onClick={linkClick} class={session || path === '/' ? 'active' : ''}>Sessions</a>
          {role === 'admin' && <a href="/admin" onClick={linkClick} class={admin ? 'active' : ''}>Admin</a>}
        </nav>
        <span class="spacer" />
        <span class="role-chip">{role}</span>
        <button class="link" onClick={() => void logout().finally(() => setRole(null))}>Log out</button>
      </header>
      <main class={session ? 'content wide' : 'content'}>{page}</main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
