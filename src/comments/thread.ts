// Threading: approved rows of one article → the public tree, with top-level paging by cursor.
import type { PublicCommentRow } from '../db/schema.js';

export interface PublicAuthor {
  name: string;
  url: string | null;
  avatar: string;
  moderator: boolean;
}

export interface PublicComment {
  id: number;
  parentId: number | null;
  author: PublicAuthor | null;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Readers' "Like"s. */
  reactions: number;
  /** Chosen by a moderator. */
  featured: boolean;
  replies: PublicComment[];
}

interface Node {
  row: PublicCommentRow;
  replies: Node[];
}

export function toPublicComment(row: PublicCommentRow, replies: PublicComment[] = []): PublicComment {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: row.id,
    parentId: row.parentId,
    author: row.deleted
      ? null
      : { name: row.name, url: row.url, avatar: `/avatars/${row.avatar}.svg`, moderator: row.moderator },
    html: row.deleted ? '' : row.html,
    createdAt: iso(row.createdAt),
    editedAt: row.editedAt === null ? null : iso(row.editedAt),
    deleted: row.deleted,
    reactions: row.deleted ? 0 : row.reactions,
    featured: !row.deleted && row.featured,
    replies,
  };
}

/**
 * A public comment with its status (for its author, or a moderator's view to build on). Spelt out,
 * not spread from toPublicComment's: V8 kept such spread copies alive past young-generation
 * collections, so every queue page and POST grew the old generation (the benchmark's RSS goal).
 */
export function withStatus<S extends string>(row: PublicCommentRow, status: S): PublicComment & { status: S } {
  const pub = toPublicComment(row);
  return {
    id: pub.id,
    parentId: pub.parentId,
    author: pub.author,
    html: pub.html,
    createdAt: pub.createdAt,
    editedAt: pub.editedAt,
    deleted: pub.deleted,
    reactions: pub.reactions,
    featured: pub.featured,
    replies: pub.replies,
    status,
  };
}

/** The comment with this id anywhere in a thread (replies included), or null. */
export function findInThread(comments: PublicComment[], id: number): PublicComment | null {
  for (const comment of comments) {
    if (comment.id === id) return comment;
    const inReplies = findInThread(comment.replies, id);
    if (inReplies) return inReplies;
  }
  return null;
}

export type Sort = 'oldest' | 'newest' | 'best';

export interface Cursor {
  createdAt: number;
  id: number;
  /** Only in cursors of `sort=best` pages. */
  reactions?: number;
}

export function encodeCursor(cursor: Cursor): string {
  const text = cursor.reactions === undefined ? `${cursor.createdAt}.${cursor.id}` : `${cursor.reactions}.${cursor.createdAt}.${cursor.id}`;
  return btoa(text).replace(/=+$/, '');
}

/** Decodes a cursor; null when it is not one this service made. */
export function decodeCursor(value: string): Cursor | null {
  let text: string;
  try {
    text = atob(value);
  } catch {
    return null;
  }
  const match = /^(?:(\d{1,15})\.)?(\d{1,15})\.(\d{1,15})$/.exec(text);
  if (!match) return null;
  const cursor: Cursor = { createdAt: Number(match[2]), id: Number(match[3]) };
  if (match[1] !== undefined) cursor.reactions = Number(match[1]);
  return cursor;
}

function compare(a: Pick<PublicCommentRow, 'createdAt' | 'id'>, b: Pick<PublicCommentRow, 'createdAt' | 'id'>): number {
  return a.createdAt - b.createdAt || a.id - b.id;
}

/** "Best" first: most reactions, then newest. A cursor without reactions (from another sort) sorts as 0. */
function compareBest(a: Pick<PublicCommentRow, 'createdAt' | 'id'> & { reactions?: number }, b: Pick<PublicCommentRow, 'createdAt' | 'id'> & { reactions?: number }): number {
  return (b.reactions ?? 0) - (a.reactions ?? 0) || compare(b, a);
}

/**
 * Builds the visible tree: a reply shows only under a visible parent, and a deleted comment
 * shows (as a placeholder) only while it still has visible replies.
 */
export function buildThread(
  rows: PublicCommentRow[],
  options: { sort: Sort; limit: number; after: Cursor | null; featuredOnly?: boolean },
): { comments: PublicComment[]; nextCursor: string | null } {
  const sorted = [...rows].sort(compare);
  const nodes = new Map<number, Node>();
  const roots: Node[] = [];
  for (const row of sorted) {
    const node: Node = { row, replies: [] };
    nodes.set(row.id, node);
    if (row.parentId === null) {
      roots.push(node);
    } else {
      // Parents are older than their replies, so a visible parent is already in the map.
      nodes.get(row.parentId)?.replies.push(node);
    }
  }

  const isVisible = (node: Node): boolean => !node.row.deleted || node.replies.some(isVisible);
  const visible = (node: Node): PublicComment | null => {
    const replies = node.replies.map(visible).filter((r): r is PublicComment => r !== null);
    if (node.row.deleted && replies.length === 0) return null;
    return toPublicComment(node.row, replies);
  };

  // `filter=featured`: only featured comments, each with its replies.
  const candidates = options.featuredOnly ? roots.filter((n) => n.row.featured && !n.row.deleted) : roots;
  const ordered =
    options.sort === 'newest' ? candidates.reverse() : options.sort === 'best' ? candidates.sort((a, b) => compareBest(a.row, b.row)) : candidates;
  const after = options.after;
  const start = after
    ? ordered.findIndex((n) => {
        if (options.sort === 'best') return compareBest(n.row, after) > 0;
        const order = compare(n.row, after);
        return options.sort === 'newest' ? order < 0 : order > 0;
      })
    : 0;
  const comments: PublicComment[] = [];
  let last: Node | null = null;
  let index = start < 0 ? ordered.length : start;
  for (; index < ordered.length && comments.length < options.limit; index++) {
    const node = ordered[index];
    if (!node) break;
    const shown = visible(node);
    if (shown) {
      comments.push(shown);
      last = node;
    }
  }
  const more = last !== null && ordered.slice(index).some(isVisible);
  return {
    comments,
    nextCursor:
      more && last
        ? encodeCursor({
            createdAt: last.row.createdAt,
            id: last.row.id,
            ...(options.sort === 'best' ? { reactions: last.row.reactions } : {}),
          })
        : null,
  };
}
