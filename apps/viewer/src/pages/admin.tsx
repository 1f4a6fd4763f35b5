import { linkClick } from '../router.js';
import { AuditTab } from './admin/audit-tab.js';
import { DataTab } from './admin/data-tab.js';
import { ProjectsTab } from './admin/projects-tab.js';
import { TokensTab } from './admin/tokens-tab.js';

const TABS = [
  { key: 'projects', label: 'Projects' },
  { key: 'tokens', label: 'Access tokens' },
  { key: 'data', label: 'Data requests' },
  { key: 'audit', label: 'Audit log' },
] as const;

/** Running Veil from the browser: projects, tokens, erasure and export, the audit log (admins only). */
export function AdminPage({ tab }: { tab: string }) {
  const current = TABS.find((t) => t.key === tab)?.key ?? 'projects';
  return (
    <section class="admin">
      <div class="page-head"><h1>Admin</h1></div>
      <nav class="tabs" aria-label="Admin sections">
        {TABS.map((t) => (
          <a href={`/admin/${t.key}`} onClick={linkClick} class={t.key === current ? 'tab on' : 'tab'} aria-current={t.key === current ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {current === 'projects' && <ProjectsTab />}
      {current === 'tokens' && <TokensTab />}
      {current === 'data' && <DataTab />}
      {current === 'audit' && <AuditTab />}
    </section>
  );
}
