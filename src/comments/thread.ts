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
  /** Imported comments only: the anchor the comment had on its old site (`comment-1234` from WordPress). */
  legacyAnchor?: string;
  /** Readers' "Like"s. */
  reactions: number;
  /** Chosen by a moderator. */
  featured: boolean;
  replies: PublicComment[];
}

/** Old anchors per source: WordPress and Disqus used `#comment-{id}`, Isso `#isso-{id}`, Remark42 `#remark42__comment-{id}`. */
const LEGACY_ANCHORS: Record<string, (id: string) => string> = {
  wordpress: (id) => `comment-${id}`,
  disqus: (id) => `comment-${id}`,
  isso: (id) => `isso-${id}`,
  remark42: (id) => `remark42__comment-${id}`,
};

export function legacyAnchor(row: Pick<PublicCommentRow, 'source' | 'sourceId'>): string | null {
  const anchor = row.source && row.sourceId ? LEGACY_ANCHORS[row.source] : undefined;
  return anchor && row.sourceId ? anchor(row.sourceId) : null;
}

interface Node {
  row: PublicCommentRow;
  replies: Node[];
}

export function toPublicComment(row: PublicCommentRow, replies: PublicComment[] = []): PublicComment {
  const comment = publicFields(row, replies);
  const anchor = row.deleted ? null : legacyAnchor(row);
  // Only imported comments carry the field, so the JSON of every other comment is as it always was.
  if (anchor) comment.legacyAnchor = anchor;
  return comment;
}

/** ISO dates of recent timestamps: every render spells the same few hundred again (a pure function of ms). */
const isoDates = new Map<number, string>();
function iso(ms: number): string {
  let text = isoDates.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoDates.size >= 20_000) isoDates.clear();
    isoDates.set(ms, text);
  }
  return text;
}

function publicFields(row: PublicCommentRow, replies: PublicComment[]): PublicComment {
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

/** How many top-level comments a page asked `around` an anchor may reach across before it starts at the anchor's thread instead. */
export const AROUND_MAX = 1000;

/** The comment an anchor names among an article's rows: `comment-{id}` by id first, else an imported comment's old anchor. */
export function findAnchor(rows: PublicCommentRow[], anchor: string): PublicCommentRow | null {
  const byId = /^comment-(\d{1,15})$/.exec(anchor);
  if (byId) {
    const id = Number(byId[1]);
    const row = rows.find((r) => r.id === id);
    if (row) return row;
  }
  return rows.find((r) => !r.deleted && legacyAnchor(r) === anchor) ?? null;
}

/**
 * The ways an anchor can name a comment, as SQL can look them up (src/store/thread-page.ts): its id
 * (`comment-{id}`), else an imported comment's source and old id (LEGACY_ANCHORS read backwards).
 */
export function anchorLookup(anchor: string): { id: number | null; sources: string[]; sourceId: string | null } {
  const byId = /^comment-(\d{1,15})$/.exec(anchor);
  const sources: string[] = [];
  let sourceId: string | null = null;
  for (const [source, spell] of Object.entries(LEGACY_ANCHORS)) {
    // Each anchor is its old id after a fixed prefix; an empty old id names nothing (legacyAnchor needs one).
    const prefix = spell('');
    const rest = anchor.startsWith(prefix) ? anchor.slice(prefix.length) : '';
    if (rest !== '' && spell(rest) === anchor) {
      sources.push(source);
      sourceId = rest;
    }
  }
  return { id: byId ? Number(byId[1]) : null, sources, sourceId };
}

/** "Best" first: most reactions, then newest. A cursor without reactions (from another sort) sorts as 0. */
function compareBest(a: Pick<PublicCommentRow, 'createdAt' | 'id'> & { reactions?: number }, b: Pick<PublicCommentRow, 'createdAt' | 'id'> & { reactions?: number }): number {
  return (b.reactions ?? 0) - (a.reactions ?? 0) || compare(b, a);
}

/**
 * Builds the visible tree: a reply shows only under a visible parent, and a deleted comment
 * shows (as a placeholder) only while it still has visible replies. Replies nest down to
 * `maxDepth` (at least 2); deeper replies (imported threads keep their depth) are shown the way
 * WordPress shows them: at the last level, in date order. With `around` (an anchor), the first
 * page reaches down to the top-level comment whose thread holds that comment.
 */
export function buildThread(
  rows: PublicCommentRow[],
  options: { sort: Sort; limit: number; after: Cursor | null; maxDepth?: number; around?: string; featuredOnly?: boolean; anchorId?: number | null },
): { comments: PublicComment[]; nextCursor: string | null; target: number | null } {
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

  const lastLevel = Math.max(options.maxDepth ?? Infinity, 2);
  const known = new Map<Node, boolean>();
  const isVisible = (node: Node): boolean => {
    let shown = known.get(node);
    if (shown === undefined) {
      shown = !node.row.deleted || node.replies.some(isVisible);
      known.set(node, shown);
    }
    return shown;
  };
  /** Every visible comment below a node, oldest first, each without replies of its own. */
  const flattened = (node: Node): PublicComment[] => {
    const below: Node[] = [];
    const walk = (n: Node) => {
      for (const reply of n.replies) {
        if (!isVisible(reply)) continue;
        below.push(reply);
        walk(reply);
      }
    };
    walk(node);
    return below.sort((a, b) => compare(a.row, b.row)).map((n) => toPublicComment(n.row));
  };
  const visible = (node: Node, depth: number): PublicComment | null => {
    if (!isVisible(node)) return null;
    const replies =
      depth >= lastLevel - 1 ? flattened(node) : node.replies.map((r) => visible(r, depth + 1)).filter((r): r is PublicComment => r !== null);
    return toPublicComment(node.row, replies);
  };

  // `filter=featured`: only featured comments, each with its replies.
  const candidates = options.featuredOnly ? roots.filter((n) => n.row.featured && !n.row.deleted) : roots;
  const ordered =
    options.sort === 'newest' ? candidates.reverse() : options.sort === 'best' ? candidates.sort((a, b) => compareBest(a.row, b.row)) : candidates;
  const after = options.after;
  let start = after
    ? ordered.findIndex((n) => {
        if (options.sort === 'best') return compareBest(n.row, after) > 0;
        const order = compare(n.row, after);
        return options.sort === 'newest' ? order < 0 : order > 0;
      })
    : 0;

  let limit = options.limit;
  let target: number | null = null;
  // `anchorId`: the anchor already found among all of the article's rows (a page read in SQL holds only some).
  const anchored =
    options.around === undefined ? null : options.anchorId !== undefined ? rows.find((r) => r.id === options.anchorId) ?? null : findAnchor(rows, options.around);
  if (anchored) {
    let root = nodes.get(anchored.id);
    while (root?.row.parentId != null) root = nodes.get(root.row.parentId);
    const at = root ? ordered.indexOf(root) : -1;
    if (root && at >= Math.max(start, 0)) {
      target = anchored.id;
      const shownBefore = ordered.slice(Math.max(start, 0), at).filter(isVisible).length;
      // Up to AROUND_MAX top-level comments the page reaches down to it; further away it starts at its thread.
      if (shownBefore < AROUND_MAX) limit = Math.max(limit, shownBefore + 1);
      else start = at;
    }
  }

  const comments: PublicComment[] = [];
  let last: Node | null = null;
  let index = start < 0 ? ordered.length : start;
  for (; index < ordered.length && comments.length < limit; index++) {
    const node = ordered[index];
    if (!node) break;
    const shown = visible(node, 1);
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
    target,
  };
}
