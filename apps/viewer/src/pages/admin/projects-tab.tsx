import type { Project, ProjectPatch } from '@veil/protocol';
import { RETENTION_DAYS } from '@veil/protocol/limits';
import { useEffect, useState } from 'preact/hooks';
import { createProject, listProjects, messageOf, rotateProjectKey, updateProject } from '../../api.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { CopyButton } from '../../components/copy-button.js';
import { formatTime } from '../../format.js';

/** Every project with its recording switch, settings, ingest key and embed snippet. */
export function ProjectsTab() {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listProjects().then((r) => setProjects(r.projects), (err: unknown) => setError(messageOf(err, 'Could not load the projects.')));
  }, []);
  if (error) return <p class="error-box" role="alert">{error}</p>;
  if (!projects) return <p class="empty muted">Loading projects…</p>;
  const replace = (p: Project) => setProjects(projects.map((x) => (x.id === p.id ? p : x)));
  return (
    <div class="stack">
      {projects.length === 0 && <div class="empty"><strong>No projects yet.</strong><p>Create one below; each project has its own ingest key and settings.</p></div>}
      {projects.map((p) => <ProjectCard key={p.id} project={p} onChange={replace} />)}
      <NewProject onCreated={(p) => setProjects([...projects, p])} />
    </div>
  );
}

function NewProject({ onCreated }: { onCreated(p: Project): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="card new-project"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          onCreated(await createProject(name.trim()));
          setName('');
        } catch (err) {
          setError(messageOf(err, 'The project was not created.'));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>New project<input name="newProject" value={name} maxLength={100} placeholder="Marketing site" onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" disabled={busy || !name.trim()}>Create project</button>
      {error && <span class="error">{error}</span>}
    </form>
  );
}

/** The snippet a site embeds; `origin` is where this Veil answers. */
export function embedSnippet(origin: string, key: string): string {
  return `<script src="${origin}/veil.js"></script>\n<script>Veil.init({ endpoint: '${origin}', projectKey: '${key}' })</script>`;
}

interface Draft {
  name: string;
  retentionDays: string;
  privacyLevel: Project['privacyLevel'];
  samplePercent: string;
  allowedOrigins: string;
  urlAllowlist: string;
  replayAssetOrigins: string;
}
const toDraft = (p: Project): Draft => ({
  name: p.name,
  retentionDays: String(p.retentionDays),
  privacyLevel: p.privacyLevel,
  samplePercent: String(Math.round(p.sampleRate * 1000) / 10),
  allowedOrigins: p.allowedOrigins.join('\n'),
  urlAllowlist: p.urlAllowlist.join('\n'),
  replayAssetOrigins: p.replayAssetOrigins.join('\n'),
});
const lines = (s: string) => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);

function ProjectCard({ project, onChange }: { project: Project; onChange(p: Project): void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(project));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [rotated, setRotated] = useState<{ until: string | null } | null>(null);
  const [graceHours, setGraceHours] = useState('24');
  useEffect(() => setDraft(toDraft(project)), [project]);

  const patch = async (body: ProjectPatch, done: string) => {
    setSaving(true);
    setMessage(null);
    try {
      onChange(await updateProject(project.id, body));
      setMessage({ ok: true, text: done });
    } catch (err) {
      setMessage({ ok: false, text: messageOf(err, 'The change was not saved.') });
    } finally {
      setSaving(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const percent = Number(draft.samplePercent);
    void patch(
      {
        name: draft.name.trim(),
        retentionDays: Number(draft.retentionDays),
        privacyLevel: draft.privacyLevel,
        sampleRate: Number.isFinite(percent) ? Math.round(percent * 10) / 1000 : project.sampleRate,
        allowedOrigins: lines(draft.allowedOrigins),
        urlAllowlist: lines(draft.urlAllowlist),
        replayAssetOrigins: lines(draft.replayAssetOrigins),
      },
      'Settings saved.',
    );
  };
  const set = (k: keyof Draft) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(project));

  return (
    <article class="card project" data-project-id={project.id}>
      <header class="project-head">
        <div>
          <h2>{project.name}</h2>
          <span class="muted mono">{project.id}</span>
        </div>
        <label class={project.enabled ? 'toggle on' : 'toggle'}>
          <input
            type="checkbox"
            name="enabled"
            checked={project.enabled}
            disabled={saving}
            onChange={(e) => {
              const enabled = (e.target as HTMLInputElement).checked;
              void patch({ enabled }, enabled ? 'Recording is on.' : 'Recording is off: recorders stop within seconds.');
            }}
          />
          <span class="track" aria-hidden="true"><span class="knob" /></span>
          <span class="toggle-label">{project.enabled ? 'Recording on' : 'Recording off'}</span>
        </label>
      </header>
      {message && <p class={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}

      <div class="project-grid">
        <form class="settings" onSubmit={save}>
          <label>Name<input name="name" value={draft.name} onInput={set('name')} maxLength={100} /></label>
          <div class="row">
            <label>
              Retention (days)
              <input name="retentionDays" type="number" min={RETENTION_DAYS.min} max={RETENTION_DAYS.max} value={draft.retentionDays} onInput={set('retentionDays')} />
            </label>
            <label title="Balanced masks inputs and detected personal data; strict masks all text and blocks media">
              Privacy level
              <select name="privacyLevel" value={draft.privacyLevel} onChange={set('privacyLevel')}>
                <option value="balanced">Balanced</option>
                <option value="strict">Strict</option>
              </select>
            </label>
            <label>
              Sample rate (%)
              <input name="sampleRate" type="number" min="0" max="100" step="0.1" value={draft.samplePercent} onInput={set('samplePercent')} />
            </label>
          </div>
          <div class="row">
            <label>
              Allowed origins <span class="hint">one per line; empty: any</span>
              <textarea name="allowedOrigins" rows={3} value={draft.allowedOrigins} placeholder="https://shop.example.com" onInput={set('allowedOrigins')} />
            </label>
            <label>
              URL query allowlist <span class="hint">keys kept in recorded URLs; <code>utm_*</code> for prefixes</span>
              <textarea name="urlAllowlist" rows={3} value={draft.urlAllowlist} placeholder="page&#10;utm_*" onInput={set('urlAllowlist')} />
            </label>
          </div>
          <label>
            Replay asset hosts{' '}
            <span class="hint">
              one origin per line; replays load images, fonts and media from these hosts only, and they see when a replay is watched; empty: replays load nothing from recorded sites
            </span>
            <textarea name="replayAssetOrigins" rows={2} value={draft.replayAssetOrigins} placeholder="https://cdn.shop.example" onInput={set('replayAssetOrigins')} />
          </label>
          <div class="form-actions">
            <button type="submit" disabled={saving || !dirty}>{saving ? 'Saving…' : 'Save settings'}</button>
            {dirty && <button type="button" class="secondary" onClick={() => setDraft(toDraft(project))}>Discard</button>}
          </div>
        </form>

        <div class="embed">
          <h3>Ingest key</h3>
          <div class="key-row">
            <code class="key" data-testid="project-key">{project.key}</code>
            <CopyButton text={() => project.key} label="Copy" />
          </div>
          <p class="hint">It can only write recordings; it is public in your pages.</p>
          {rotated && (
            <p class="ok-box" role="status">
              New key issued. {rotated.until ? <>The previous key keeps working until {formatTime(rotated.until)}.</> : 'The previous key no longer works.'}
            </p>
          )}
          <div class="rotate">
            <label class="inline">Old key valid for<input type="number" min="0" max="720" value={graceHours} onInput={(e) => setGraceHours((e.target as HTMLInputElement).value)} /> h</label>
            <ConfirmButton
              label="Rotate key"
              question="Issue a new key?"
              confirmLabel="Rotate"
              onConfirm={async () => {
                setMessage(null);
                try {
                  const r = await rotateProjectKey(project.id, graceHours === '' ? undefined : Number(graceHours));
                  onChange({ ...project, key: r.key });
                  setRotated({ until: r.previousKeyValidUntil });
                } catch (err) {
                  setMessage({ ok: false, text: messageOf(err, 'The key was not rotated.') });
                }
              }}
            />
          </div>
          <h3>Embed snippet</h3>
          <pre class="snippet" data-testid="embed-snippet">{embedSnippet(location.origin, project.key)}</pre>
          <CopyButton text={() => embedSnippet(location.origin, project.key)} label="Copy snippet" />
        </div>
      </div>
    </article>
  );
}
