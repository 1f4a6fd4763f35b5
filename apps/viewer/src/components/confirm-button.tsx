import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

/**
 * A destructive action behind an inline "are you sure" step (no `window.confirm`: it blocks the
 * page and looks like the dialogs we test never fire).
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: ComponentChildren;
  question: ComponentChildren;
  confirmLabel: string;
  onConfirm(): Promise<void> | void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return <button type="button" class="danger-outline" disabled={disabled} onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <span class="confirm" role="group">
      <span class="question">{question}</span>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {busy ? 'Working…' : confirmLabel}
      </button>
      <button type="button" class="secondary" disabled={busy} onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
