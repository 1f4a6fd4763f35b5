import { useState } from 'preact/hooks';
import { deleteUserSessions, messageOf, userExportUrl } from '../../api.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { download } from '../../components/download.js';
import { linkClick } from '../../router.js';

/** Data-subject requests by end-user id: export everything of one user, or erase it. */
export function DataTab() {
  const [userId, setUserId] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const id = userId.trim();
  return (
    <div class="card data-requests">
      <h2>Requests about one end user</h2>
      <p class="muted">The end-user id is the one your site passes to <code>Veil.identify()</code>. Both actions are recorded in the audit log.</p>
      <label for="subject">End-user id</label>
      <input id="subject" name="userId" value={userId} maxLength={256} placeholder="user-123" onInput={(e) => (setUserId((e.target as HTMLInputElement).value), setResult(null))} />
      <div class="form-actions">
        {id && <a class="button secondary" href={`/?userId=${encodeURIComponent(id)}`} onClick={linkClick}>Show sessions</a>}
        <button
          type="button"
          class="secondary"
          disabled={!id}
          onClick={() => {
            setResult(null);
            download(userExportUrl(id), `veil-user-export.json`).then(
              () => setResult({ ok: true, text: 'The export was downloaded.' }),
              (err: unknown) => setResult({ ok: false, text: messageOf(err, 'The export failed.') }),
            );
          }}
        >
          Export data
        </button>
        <ConfirmButton
          disabled={!id}
          label="Delete all sessions"
          question="Erase every recording of this user?"
          confirmLabel="Erase"
          onConfirm={async () => {
            try {
              const r = await deleteUserSessions(id);
              setResult({ ok: true, text: `Deleted ${r.deleted} session${r.deleted === 1 ? '' : 's'} of this user.` });
            } catch (err) {
              setResult({ ok: false, text: messageOf(err, 'The sessions were not deleted.') });
            }
          }}
        />
      </div>
      {result && <p class={result.ok ? 'ok-box' : 'error-box'} role={result.ok ? 'status' : 'alert'}>{result.text}</p>}
    </div>
  );
}
