import type {
  ApiErrorBody,
  AuditListResponse,
  DeletionResult,
  KeyRotation,
  Project,
  ProjectName,
  ProjectPatch,
  SessionDetail,
  SessionListResponse,
  TokenRole,
} from '@veil/protocol';

/** An API error with the server's code and message (safe to show). */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The message to show for any failure: the server's own words when it gave some. */
export function messageOf(err: unknown, fallback: string): string {
  return err instanceof ApiFailure ? err.message : fallback;
}

/** Listeners told when any request answers 401 (the login expired or was revoked). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function request(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
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
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let err: ApiErrorBody['error'] | undefined;
    try {
      err = (JSON.parse(text) as ApiErrorBody | null)?.error;
    } catch {
      // not JSON: a proxy's error page
    }
    if (response.status === 401 && !path.endsWith('/auth/login')) unauthorizedListeners.forEach((l) => l());
    throw new ApiFailure(response.status, err?.code ?? 'unknown', err?.message ?? `Request failed (${response.status}).`);
  }
  return response;
}

/**
 * Calls the Veil API with the login cookie. Every change carries the CSRF header, which a
 * cross-site form cannot set.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const text = await (await request(path, init)).text();
  return (text ? JSON.parse(text) : null) as T;
}

const enc = encodeURIComponent;

export type Role = TokenRole;
export interface Me {
  role: Role;
  tokenId: string;
}
export const login = (token: string) => api<Me>('/api/v1/auth/login', { method: 'POST', body: { token } });
export const logout = () => api<{ ok: true }>('/api/v1/auth/logout', { method: 'POST' });
export const me = () => api<Me>('/api/v1/auth/me');

/** Query of the session list; empty values are left out. */
export function listSessions(params: Record<string, string>): Promise<SessionListResponse> {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  return api<SessionListResponse>(`/api/v1/sessions?${query}`);
}
export const getSession = (id: string) => api<SessionDetail>(`/api/v1/sessions/${enc(id)}`);
export const deleteSession = (id: string) => api<DeletionResult>(`/api/v1/sessions/${enc(id)}`, { method: 'DELETE' });
export const deleteUserSessions = (userId: string) => api<DeletionResult>(`/api/v1/users/${enc(userId)}/sessions`, { method: 'DELETE' });
export const sessionExportUrl = (id: string) => `/api/v1/sessions/${enc(id)}/export`;
export const userExportUrl = (userId: string) => `/api/v1/users/${enc(userId)}/export`;

/** One rrweb event as stored (the viewer only reads the envelope and a few data fields). */
export interface ReplayEvent {
  type: number;
  timestamp: number;
  data: any;
  delay?: number;
}

/** One window of a session's events: the events of batches `fromSeq`… and where the next window starts. */
export async function getEventChunk(id: string, fromSeq: number, limit: number): Promise<{ events: ReplayEvent[]; nextSeq: number | null }> {
  const response = await request(`/api/v1/sessions/${enc(id)}/events?fromSeq=${fromSeq}&limit=${limit}`);
  const next = response.headers.get('x-veil-next-seq');
  return { events: (await response.json()) as ReplayEvent[], nextSeq: next === null ? null : Number(next) };
}

export const listProjects = () => api<{ projects: Project[] }>('/api/v1/projects');
/** Ids and names of the projects, for every role (the session list's project filter). */
export const listProjectNames = () => api<{ projects: ProjectName[] }>('/api/v1/project-names');
export const updateProject = (id: string, patch: ProjectPatch) => api<Project>(`/api/v1/projects/${enc(id)}`, { method: 'PATCH', body: patch });
export const createProject = (name: string) => api<Project>('/api/v1/projects', { method: 'POST', body: { name } });
export const rotateProjectKey = (id: string, graceHours?: number) =>
  api<KeyRotation>(`/api/v1/projects/${enc(id)}/rotate-key`, {
    method: 'POST',
    body: graceHours === undefined ? {} : { graceHours },
  });

export interface TokenInfo {
  id: string;
  role: Role;
  label: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}
export const listTokens = () => api<{ tokens: TokenInfo[] }>('/api/v1/tokens');
export const createToken = (input: { role: Role; label?: string; expiresInDays?: number }) =>
  api<{ id: string; role: Role; token: string }>('/api/v1/tokens', { method: 'POST', body: input });
export const revokeToken = (id: string) => api<{ ok: true }>(`/api/v1/tokens/${enc(id)}`, { method: 'DELETE' });

export type { AuditEntryView as AuditEntry } from '@veil/protocol';
export function listAudit(params: { limit?: number; before?: number; action?: string; actor?: string; userId?: string }): Promise<AuditListResponse> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  return api<AuditListResponse>(`/api/v1/audit?${query}`);
}
