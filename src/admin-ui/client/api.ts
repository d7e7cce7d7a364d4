// The admin script's way to the server: the moderation JSON API (session cookie + CSRF token from the
// page), and rows rendered by the server. A 401 means the session ended: back to the sign-in page.
import type { AdminComment } from '../../moderation/service.js';
import type { Status } from './actions.js';

export type { AdminComment };

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Sends the moderator to sign in again, then back to this page. */
export function sessionExpired(): void {
  const next = location.pathname + location.search;
  location.assign(`/admin/sign-in?expired=1&next=${encodeURIComponent(next)}`);
}

const csrfToken = () => document.querySelector<HTMLMetaElement>('meta[name="parley-csrf"]')?.content ?? '';

interface ErrorBody {
  error?: { message?: string; fields?: Record<string, string> };
}

export async function api<T>(method: string, path: string, body?: unknown, options: { keepalive?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-CSRF-Token': csrfToken() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: options.keepalive ?? false,
    });
  } catch {
    throw new ApiError('Parley could not be reached. Check the connection and try again.', 0);
  }
  if (res.status === 401) {
    sessionExpired();
    throw new ApiError('Your session has expired.', 401);
  }
  const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as ErrorBody | null)?.error;
    throw new ApiError(error?.message ?? `The request failed (${res.status}).`, res.status, error?.fields ?? {});
  }
  return data as T;
}

export const comments = {
  get: (id: number) => api<{ comment: AdminComment }>('GET', `/api/admin/comments/${id}`),
  act: (id: number, action: string) => api<{ comment: AdminComment }>('POST', `/api/admin/comments/${id}/${action}`),
  bulk: (ids: number[], action: string, options?: { keepalive?: boolean }) =>
    api<{ results: Array<{ id: number; ok: boolean; status?: Status | 'deleted'; error?: { message: string } }> }>(
      'POST',
      '/api/admin/comments/bulk',
      { ids, action },
      options,
    ),
  edit: (id: number, change: { body?: string; name?: string; url?: string }) => api<{ comment: AdminComment }>('PATCH', `/api/admin/comments/${id}`, change),
  reply: (id: number, body: string) => api<{ comment: AdminComment }>('POST', `/api/admin/comments/${id}/reply`, { body }),
  purge: (id: number, options?: { keepalive?: boolean }) => api<null>('DELETE', `/api/admin/comments/${id}`, undefined, options),
  stats: () =>
    api<{ sites: Record<string, Record<Status, number>>; totals: Record<Status, number> }>('GET', '/api/admin/stats'),
};

// Trusted Types (the admin CSP requires them): the one policy, for rows the server rendered.
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createHTML: (input: string) => string }): { createHTML(input: string): unknown };
}
const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
const rowPolicy = trustedTypes?.createPolicy('parley-admin', { createHTML: (input) => input });

/** A comment's row as the server renders it now (after an edit or a reply). */
export async function fetchRow(id: number): Promise<HTMLLIElement> {
  let res: Response;
  try {
    res = await fetch(`/admin/comments/${id}/row`, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  } catch {
    throw new ApiError('Parley could not be reached. Reload the page to see the comment.', 0);
  }
  if (res.redirected && new URL(res.url).pathname === '/admin/sign-in') {
    sessionExpired();
    throw new ApiError('Your session has expired.', 401);
  }
  if (!res.ok) throw new ApiError('The comment could not be shown. Reload the page.', res.status);
  const html = await res.text();
  // Same-origin HTML our own server rendered; DOMParser runs no scripts, and the CSP would refuse them anyway.
  const doc = new DOMParser().parseFromString((rowPolicy ? rowPolicy.createHTML(html) : html) as string, 'text/html');
  const row = doc.querySelector('li.comment-row');
  if (!(row instanceof HTMLLIElement)) throw new ApiError('The comment could not be shown. Reload the page.', 500);
  return document.adoptNode(row);
}
