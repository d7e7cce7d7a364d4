// The store's part of a comment post decided from memory and written in one round trip (D1, where a
// round trip costs far more than a statement; see src/comments/optimistic-post.ts and
// src/store/d1-post.ts). Node's store does not have it: its reads cost microseconds.
import type { BanKeys, BanKind } from './bans-types.js';
import type { CommentRow, InsertResult, NewComment, NewMail, NewOutboxEvent, Site, SiteArticle } from './types.js';

/** What a post starts from (BanStore.postContext's answer). */
export type PostContext = SiteArticle & { ban: { id: number; kind: BanKind } | null };

/** The comment as decided for one answer to "has the author an approved comment on the site?". */
export interface PostVariant {
  status: NewComment['status'];
  reasons: string[];
  mails: NewMail[];
  events: NewOutboxEvent[];
}

export interface OptimisticPost {
  /** The site as remembered (knownSite), which the decision was made from. */
  site: Site;
  /** Its settings' stored text then: nothing is written unless it is still the stored one. */
  settingsText: string;
  /**
   * The comment as decided for an author already approved on the site. For a reply, `depth` is
   * taken from the parent in SQL, and the events' parent name and html are filled in from it.
   */
  comment: NewComment;
  /** The decision for an author with no approved comment there, when the first-comment rule makes it differ. */
  firstTime: PostVariant | null;
  /** The author's ban keys: nothing is written while a ban on one of them is in force. */
  banKeys: BanKeys;
  /** The insert's own duplicate and flood guard (as insertComment's). */
  floodSince: number | null;
}

/**
 * `stale`: one of the decision's assumptions no longer held (the site's settings changed, the
 * article closed, a ban, the parent gone, unpublished or too deep); nothing was written, and
 * `context` is what the same batch read (null: no such site), to decide again from.
 */
export type OptimisticResult = InsertResult | { ok: false; reason: 'stale'; context: PostContext | null };

export interface OptimisticPostStore {
  /** The site as this store last read it, with its settings' stored text; null when not read yet. */
  knownSite(slug: string): { site: Site; settings: string } | null;
  /** Writes the comment (its mails and events with it) in one batch, only if every assumption still holds. */
  insertIfUnchanged(post: OptimisticPost): Promise<OptimisticResult>;
}

/** The variant a written comment was stored as (its status and reasons say which). */
export function writtenVariant(post: OptimisticPost, row: Pick<CommentRow, 'status' | 'reasons'>): PostVariant {
  const known: PostVariant = { status: post.comment.status, reasons: post.comment.reasons, mails: post.comment.mails ?? [], events: post.comment.events ?? [] };
  const { firstTime } = post;
  if (firstTime && row.status === firstTime.status && row.reasons === JSON.stringify(firstTime.reasons)) return firstTime;
  return known;
}
