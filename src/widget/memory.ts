// What the widget keeps in the reader's browser (localStorage, never cookies): the name, email and
// website when the reader asks for it, and their own comments with edit tokens, so that a pending
// comment is still shown to its author after a reload and can be edited or deleted while allowed.
import type { Comment } from './api.js';

export interface Author {
  name: string;
  email: string;
  url: string;
}

export interface OwnComment {
  comment: Comment;
  token: string;
  /** End of the edit window (ms since epoch). */
  until: number;
  /** The text as typed, to edit from. */
  source: string;
  status: 'approved' | 'pending';
  savedAt: number;
}

const AUTHOR_KEY = 'parley:author';
/** A comment still pending after this long was most likely refused; stop showing it. */
const PENDING_DAYS = 30;

export function read(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage is full or turned off: the widget works on, it just forgets.
  }
}

const isText = (value: unknown): value is string => typeof value === 'string';

export function loadAuthor(): Author | null {
  const value = read(AUTHOR_KEY) as Partial<Author> | null;
  if (!value || !isText(value.name) || !isText(value.email) || !isText(value.url)) return null;
  return { name: value.name, email: value.email, url: value.url };
}

export function saveAuthor(author: Author | null): void {
  write(AUTHOR_KEY, author);
}

const ownKey = (site: string, article: string) => `parley:own:${site}:${article}`;

function isOwnComment(value: unknown): value is OwnComment {
  const own = value as Partial<OwnComment> | null;
  return (
    !!own &&
    typeof own.comment?.id === 'number' &&
    isText(own.token) &&
    typeof own.until === 'number' &&
    isText(own.source) &&
    (own.status === 'approved' || own.status === 'pending') &&
    typeof own.savedAt === 'number'
  );
}

/** The reader's own comments on this article that are still worth showing or editing. */
export function loadOwn(site: string, article: string, now: number): OwnComment[] {
  const value = read(ownKey(site, article));
  const list = Array.isArray(value) ? value.filter(isOwnComment) : [];
  return list.filter((own) => (own.status === 'pending' ? now - own.savedAt < PENDING_DAYS * 86_400_000 : own.until > now));
}

export function saveOwn(site: string, article: string, list: OwnComment[]): void {
  write(ownKey(site, article), list.length > 0 ? list : null);
}
