/** `1:23` or `1:02:03` from milliseconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Bytes as `12.3 KB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A local date and time, short. Accepts ISO strings and epoch ms. */
export function formatTime(at: string | number): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A local date without the time: `Dec 26`, with the year when it is not this year's. */
export function formatDate(at: string | number, now = new Date()): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return d.toLocaleDateString(undefined, d.getFullYear() === now.getFullYear() ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' });
}

/** `3 min ago`, `yesterday`-style relative time, for recent moments; falls back to the date. */
export function formatAgo(at: string | number, now = Date.now()): string {
  const ms = now - new Date(at).getTime();
  if (!Number.isFinite(ms)) return '';
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  if (ms < 7 * 86_400_000) return `${Math.floor(ms / 86_400_000)} d ago`;
  return formatTime(at);
}

/** Parses a deep-link time like `1:23`, `1:02:03` or `83` (seconds) into ms; null if malformed. */
export function parseTimestamp(text: string): number | null {
  if (!/^\d{1,5}(:\d{1,2}){0,2}$/.test(text)) return null;
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0) * 1000;
}

/** The deep-link form of a time offset: `1:23` (whole seconds). */
export function timestampParam(ms: number): string {
  return formatDuration(ms);
}

/** A user agent's parts joined for one cell: `Chrome 126 · Linux`. */
export function formatClient(parts: Array<string | null | undefined>): string {
  return parts.filter(Boolean).join(' · ');
}
