// A thread's JSON from fragments: each comment's JSON up to its reactions (id, author, html, dates…)
// is made once and kept in memory, so a render joins strings instead of escaping every comment's HTML
// again. Exactly the bytes JSON.stringify would give (test/thread-json.test.ts checks it).
//
// Never stale by construction: a fragment is used only when every field it was made from equals the
// comment's current value (read from the database for this render), so an edit, a deletion, an erase
// or an import by another process simply makes a new one; nothing has to invalidate it. Reactions,
// featured and replies change often and are never part of a fragment.
import type { PublicComment } from '../comments/thread.js';
import { hash53 } from './etag.js';

interface Fragment {
  parentId: number | null;
  name: string | null;
  url: string | null;
  avatar: string | null;
  moderator: boolean;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** `{"id":…,"deleted":…,"reactions":` */
  json: string;
  /** hash53(json) in base 36: what the thread's ETag is made from instead of the whole body. */
  hash: string;
}

/** Upper bound on the characters kept (about twice as many bytes); past it the memo starts again. */
const MAX_CHARS = 2_000_000;

const fragments = new Map<number, Fragment>();
let chars = 0;

function fresh(f: Fragment, c: PublicComment): boolean {
  const a = c.author;
  return (
    f.html === c.html &&
    f.createdAt === c.createdAt &&
    f.editedAt === c.editedAt &&
    f.deleted === c.deleted &&
    f.parentId === c.parentId &&
    f.name === (a ? a.name : null) &&
    f.url === (a ? a.url : null) &&
    f.avatar === (a ? a.avatar : null) &&
    f.moderator === (a ? a.moderator : false)
  );
}

function fragmentOf(c: PublicComment): Fragment {
  const known = fragments.get(c.id);
  if (known && fresh(known, c)) return known;
  const a = c.author;
  const json = `{"id":${c.id},"parentId":${JSON.stringify(c.parentId)},"author":${JSON.stringify(a)},"html":${JSON.stringify(c.html)},"createdAt":${JSON.stringify(c.createdAt)},"editedAt":${JSON.stringify(c.editedAt)},"deleted":${c.deleted},"reactions":`;
  if (known) chars -= known.json.length + known.html.length;
  if (chars > MAX_CHARS) {
    fragments.clear();
    chars = 0;
  }
  const made: Fragment = {
    parentId: c.parentId,
    name: a ? a.name : null,
    url: a ? a.url : null,
    avatar: a ? a.avatar : null,
    moderator: a ? a.moderator : false,
    html: c.html,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    deleted: c.deleted,
    json,
    hash: hash53(json).toString(36),
  };
  fragments.set(c.id, made);
  chars += json.length + c.html.length;
  return made;
}

/**
 * The JSON of a list of comments (with their replies), as JSON.stringify would spell it, and its
 * digest: a short string that changes whenever the JSON does (each fragment's hash, and everything
 * around the fragments spelt out), for an ETag that does not hash the whole body.
 */
export function commentsJson(comments: readonly PublicComment[]): { json: string; digest: string } {
  // Parts joined once: concatenating as we go made a tree of ropes for the collector to walk.
  const json: string[] = [];
  const digest: string[] = [];
  list(comments, json, digest);
  return { json: json.join(''), digest: digest.join('') };
}

function list(comments: readonly PublicComment[], json: string[], digest: string[]): void {
  json.push('[');
  digest.push('[');
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    if (!c) continue;
    if (i > 0) {
      json.push(',');
      digest.push(',');
    }
    const fragment = fragmentOf(c);
    const tail = `${c.reactions},"featured":${c.featured},"replies":`;
    json.push(fragment.json, tail);
    digest.push(fragment.hash, tail);
    list(c.replies, json, digest);
    // Key order of toPublicComment: …, reactions, featured, replies, then legacyAnchor (imported comments only).
    const end = c.legacyAnchor === undefined ? '}' : `,"legacyAnchor":${JSON.stringify(c.legacyAnchor)}}`;
    json.push(end);
    digest.push(end);
  }
  json.push(']');
  digest.push(']');
}

/** Forgets every fragment (tests; a privacy erase need not: an erased comment's fragment no longer matches). */
export function forgetFragments(): void {
  fragments.clear();
  chars = 0;
}
