import type { ApiErrorBody, SessionListResponse, SessionSummary } from '@veil/protocol';

/** An API error with the server's code and message (safe to show). */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Calls the Veil API with the login cookie. Every change carries the CSRF header, which a
 * cross-site form cannot set.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { 'x-veil-csrf': '1' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiFailure(0, 'network', 'Veil could not be reached. Check your connection.');
  }
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const err = (data as ApiErrorBody | null)?.error;
    throw new ApiFailure(response.status, err?.code ?? 'unknown', err?.message ?? `Request failed (${response.status}).`);
  }
  return data as T;
}

export const login = (token: string) => api<{ role: 'viewer' | 'admin'; tokenId: string }>('/api/v1/auth/login', { method: 'POST', body: { token } });
export const logout = () => api<{ ok: true }>('/api/v1/auth/logout', { method: 'POST' });
export const me = () => api<{ role: 'viewer' | 'admin'; tokenId: string }>('/api/v1/auth/me');

export function listSessions(params: Record<string, string>): Promise<SessionListResponse> {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  return api<SessionListResponse>(`/api/v1/sessions?${query}`);
}

export const getSession = (id: string) => api<SessionSummary>(`/api/v1/sessions/${encodeURIComponent(id)}`);
export const getEvents = (id: string) => api<Array<{ type: number; timestamp: number; data: unknown }>>(`/api/v1/sessions/${encodeURIComponent(id)}/events`);
