// The public JSON API as the widget calls it: no cookies (credentials omitted), only the Parley server.
import type { PublicComment } from '../comments/thread.js';

export type Comment = PublicComment & { status?: 'approved' | 'pending' };

export interface ThreadPage {
  /** `maxDepth` is absent from servers older than this widget. */
  /** `maxDepth` and `reactions` are absent from servers older than this widget. */
  article: { key: string; title: string | null; url: string | null; closed: boolean; count: number; maxDepth?: number; reactions?: boolean; closedUntil?: string | null };
  comments: Comment[];
  nextCursor: string | null;
  /** Asked with `around`: the comment that anchor names, when it is in this page. */
  target?: number | null;
}

export interface Posted {
  comment: Comment & { status: 'approved' | 'pending' };
  editToken: string;
  editableUntil: string;
}

export interface NewComment {
  site: string;
  article: string;
  articleUrl: string;
  articleTitle: string;
  parentId: number | null;
  name: string;
  email: string;
  url: string;
  body: string;
  homepage: string;
  renderedAt: number;
  /** "Notify me": replies to this comment, new comments on the article, or both. */
  subscribe: string[];
}

/** An error answer of the API, in the contract's shape. */
export interface ApiError extends Error {
  status: number;
  code: string;
  fields: Record<string, string>;
  /** Seconds to wait, for rate_limited. */
  retryAfter: number | null;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && typeof (error as Partial<ApiError>).status === 'number';
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; fields?: unknown };
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [key, message] of Object.entries(value)) if (typeof message === 'string') out[key] = message;
  }
  return out;
}

async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as ErrorBody;
  const error = body.error ?? {};
  const message = typeof error.message === 'string' ? error.message : `HTTP ${res.status}`;
  // Retry-After is only readable cross-origin when the server exposes it; the message says the same.
  const wait = res.headers.get('Retry-After') ?? /(\d+) second/.exec(message)?.[1] ?? null;
  return Object.assign(new Error(message), {
    status: res.status,
    code: typeof error.code === 'string' ? error.code : 'error',
    fields: strings(error.fields),
    retryAfter: wait === null ? null : Number(wait),
  });
}

export type Api = ReturnType<typeof createApi>;

export function createApi(base: URL) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string, reader?: string, cache?: RequestCache): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== undefined) headers['X-Edit-Token'] = token;
    if (reader !== undefined) headers['X-Parley-Reader'] = reader;
    const res = await fetch(new URL(path, base).href, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors',
      cache,
    });
    if (!res.ok) throw await failure(res);
    return (res.status === 204 ? null : await res.json()) as T;
  }

  return {
    /**
     * `around`: a comment's anchor the first page must reach down to. `revalidate`: the browser asks with
     * the ETag it has (If-None-Match), so an unchanged thread costs the server a 304.
     */
    thread(
      site: string,
      article: string,
      sort: string,
      limit: number,
      cursor: string | null,
      options: { around?: string; featured?: boolean; revalidate?: boolean } = {},
    ): Promise<ThreadPage> {
      const query = new URLSearchParams({ site, article, sort, limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      if (options.around) query.set('around', options.around);
      if (options.featured) query.set('filter', 'featured');
      return call('GET', `api/comments?${query}`, undefined, undefined, undefined, options.revalidate ? 'no-cache' : undefined);
    },
    post(comment: NewComment): Promise<Posted> {
      return call('POST', 'api/comments', comment);
    },
    edit(id: number, token: string, body: string): Promise<{ comment: Comment }> {
      return call('PATCH', `api/comments/${id}`, { body }, token);
    },
    remove(id: number, token: string): Promise<null> {
      return call('DELETE', `api/comments/${id}`, undefined, token);
    },
    report(id: number, reader: string, reason: string, text: string): Promise<{ accepted: boolean }> {
      return call('POST', `api/comments/${id}/reports`, { reason, text }, undefined, reader);
    },
    react(id: number, reader: string, on: boolean): Promise<{ reactions: number; reacted: boolean }> {
      return call(on ? 'PUT' : 'DELETE', `api/comments/${id}/reaction`, undefined, undefined, reader);
    },
  };
}
