import { useState } from 'preact/hooks';

/** Copies `text()` to the clipboard; where the Clipboard API is unavailable, selects a fallback field. */
export function CopyButton({ text, label = 'Copy', class: cls = 'secondary', testId }: { text: () => string; label?: string; class?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [value, setValue] = useState('');
  const copy = async () => {
    const t = text();
    setValue(t);
    try {
      await navigator.clipboard.writeText(t);
      setState('copied');
      setTimeout(() => setState('idle'), 1500);
    } catch {
      setState('manual');
    }
  };
  return (
    <span class="copy">
      <button type="button" class={cls} onClick={() => void copy()} data-testid={testId}>
        {state === 'copied' ? 'Copied ✓' : label}
      </button>
      {state === 'manual' && (
        <input class="copy-fallback" readOnly value={value} ref={(el) => el?.select()} aria-label="Copy this text" onBlur={() => setState('idle')} />
      )}
    </span>
  );
}
