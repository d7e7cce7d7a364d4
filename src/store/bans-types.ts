// The store's part for bans and author history (see src/moderation/bans.ts and author-history.ts).
import type { BanKind, BanRow, CommentStatus } from '../db/schema.js';
import type { NewAudit, SiteArticle } from './types.js';

export type { BanKind, BanRow };

/** What a new comment is checked against: its normalised email, email domain and anonymised IP (null: none). */
export interface BanKeys {
  email: string | null;
  domain: string | null;
  ip: string | null;
}

export interface NewBan {
  siteId: number;
  kind: BanKind;
  value: string;
  until: number | null;
  note: string | null;
  commentId: number | null;
  createdBy: string;
  createdAt: number;
}

/** An author's comments on a site per status (deleted placeholders aside). */
export type StatusCounts = Record<CommentStatus, number>;

export interface BanStore {
  /** The first ban of the site that matches one of the keys and has not expired at `now`. */
  activeBan(siteId: number, keys: BanKeys, now: number): Promise<{ id: number; kind: BanKind } | null>;
  /**
   * What a new comment starts from: its site, its article (null: none yet) and the author's active
   * ban there (activeBan), in one round trip where round trips are dear (D1); null: no such site.
   */
  postContext(slug: string, key: string, keys: BanKeys, now: number): Promise<(SiteArticle & { ban: { id: number; kind: BanKind } | null }) | null>;
  /** A site's bans, newest first. */
  listBans(siteId: number, limit: number): Promise<BanRow[]>;
  findBan(siteId: number, kind: BanKind, value: string): Promise<BanRow | null>;
  getBan(id: number): Promise<BanRow | null>;
  /** Adds the ban and its audit entry atomically; answers the site's ban on that key (the existing one if a racing request won). */
  addBan(ban: NewBan, audit: NewAudit): Promise<BanRow | null>;
  updateBan(id: number, change: { until?: number | null; note?: string | null }, audit: NewAudit): Promise<BanRow | null>;
  /** Deletes the ban with its audit entry; null when there was none. */
  liftBan(id: number, audit: NewAudit): Promise<BanRow | null>;
  /** Comment counts per status for each (site, lowercased email), in one grouped query. Keys: `${siteId} ${email}`. */
  authorCounts(authors: Array<{ siteId: number; email: string }>): Promise<Map<string, StatusCounts>>;
  /** Ids of a site's pending comments whose author key (avatar) is this one, oldest first. */
  pendingByAuthor(siteId: number, author: string, limit: number): Promise<number[]>;
}
