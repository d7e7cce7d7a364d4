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
  /** `{"id":…,"deleted":…,"reactions":` in UTF-8: copied into each body, never encoded again. */
  bytes: Uint8Array;
  /** hash53 of that JSON: what the thread's ETag is made from instead of the whole body. */
  hash: number;
}

/** Upper bound on the bytes kept; past it the memo starts again. */
const MAX_BYTES = 4_000_000;

const encoder = new TextEncoder();
const fragments = new Map<number, Fragment>();
let kept = 0;

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
  if (known) kept -= known.bytes.length + known.html.length;
  if (kept > MAX_BYTES) {
    fragments.clear();
    kept = 0;
  }
  const bytes = encoder.encode(json);
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
    bytes,
    hash: hash53(json),
  };
  fragments.set(c.id, made);
  kept += bytes.length + c.html.length;
  return made;
}

/**
 * A body assembled from parts: fragments' bytes and short ASCII strings (numbers, booleans,
 * punctuation) are collected, then copied once into one buffer of the exact length. Beside it a
 * running hash of what the body is made of (each fragment by its hash, every other part by its
 * characters) for an ETag that does not hash the whole body.
 */
export class BodyBuilder {
  private readonly parts: Array<Uint8Array | string> = [];
  private length = 0;
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** A string that may hold any character (article titles, keys): encoded now. */
  text(text: string): void {
    this.bytes(encoder.encode(text), text);
  }

  /** A string of ASCII characters only (written byte for byte). */
  ascii(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    this.mix(text);
  }

  fragment(f: Fragment): void {
    this.parts.push(f.bytes);
    this.length += f.bytes.length;
    // The fragment's hash, as two 26/27-bit halves, marked off from text by a character no JSON text part starts with here.
    this.mixNumber(f.hash);
  }

  private bytes(bytes: Uint8Array, text: string): void {
    this.parts.push(bytes);
    this.length += bytes.length;
    this.mix(text);
  }

  private mix(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  private mixNumber(n: number): void {
    // 0x10000 + …: values no UTF-16 code unit has, so a fragment's hash cannot be mistaken for text.
    const low = n % 0x4000000;
    const high = (n - low) / 0x4000000;
    this.h1 = Math.imul(this.h1 ^ (0x10000 + low), 2654435761);
    this.h2 = Math.imul(this.h2 ^ (0x10000 + low), 1597334677);
    this.h1 = Math.imul(this.h1 ^ (0x10000 + high), 2654435761);
    this.h2 = Math.imul(this.h2 ^ (0x10000 + high), 1597334677);
  }

  /** The body, and a digest (base 36) that changes whenever the body does. */
  finish(): { body: Uint8Array<ArrayBuffer>; digest: string } {
    const body = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      if (typeof part === 'string') {
        // Short ASCII parts: a loop costs less than a call into the encoder for each.
        for (let i = 0; i < part.length; i++) body[at++] = part.charCodeAt(i);
      } else {
        body.set(part, at);
        at += part.length;
      }
    }
    // cyrb53's finish, as hash53 does.
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return { body, digest: (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36) };
  }
}

/** A list of comments (with their replies) into a body, as JSON.stringify would spell it. */
export function commentsJson(comments: readonly PublicComment[], out: BodyBuilder): void {
  out.ascii('[');
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    if (!c) continue;
    out.fragment(fragmentOf(c));
    // Numbers and booleans: ASCII.
    out.ascii(`${c.reactions},"featured":${c.featured},"replies":`);
    commentsJson(c.replies, out);
    // Key order of toPublicComment: …, reactions, featured, replies, then legacyAnchor (imported comments only).
    if (c.legacyAnchor === undefined) out.ascii(i === comments.length - 1 ? '}' : '},');
    else {
      out.text(`,"legacyAnchor":${JSON.stringify(c.legacyAnchor)}`);
      out.ascii(i === comments.length - 1 ? '}' : '},');
    }
  }
  out.ascii(']');
}

/** Forgets every fragment (tests; a privacy erase need not: an erased comment's fragment no longer matches). */
export function forgetFragments(): void {
  fragments.clear();
  kept = 0;
}
