import { ApiFailure } from '../api.js';

/**
 * Downloads an export with the login cookie (fetch, then a blob link) so that a failure shows as a
 * message in the page instead of a downloaded error file.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'x-veil-csrf': '1' } });
  } catch {
    throw new ApiFailure(0, 'network', 'Veil could not be reached. Check your connection.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiFailure(response.status, body?.error?.code ?? 'unknown', body?.error?.message ?? `Export failed (${response.status}).`);
  }
  const name = /filename="?([\w.-]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
