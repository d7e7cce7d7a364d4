// The storage interface the domain and routes talk to. One implementation per backend
// (better-sqlite3 in sqlite.ts; D1 later); nothing outside src/store imports a driver.
import type { ArticleRow, CommentRow, CommentStatus } from '../db/schema.js';
import type { SiteSettings } from '../comments/settings.js';

export type { ArticleRow, CommentRow, CommentStatus };

export interface Site {
  id: number;
  slug: string;
  settings: SiteSettings;
}

export interface NewComment {
  siteId: number;
  articleKey: string;
  articleUrl: string | null;
  articleTitle: string | null;
  parentId: number | null;
  depth: number;
  status: CommentStatus;
  reasons: string[];
  name: string;
  email: string;
  url: string | null;
  avatar: string;
  bodySource: string;
  html: string;
  ip: string | null;
  userAgent: string | null;
  moderator: boolean;
  editTokenHash: string | null;
  createdAt: number;
}

/** Checked inside the insert's transaction, so two racing requests cannot both pass. */
export interface InsertGuard {
  /** Reject when the same author (email, else name) already posted this body on the article. */
  duplicate: boolean;
  /** Reject when the same email or IP posted at or after this time (ms); null = no flood check. */
  floodSince: number | null;
}

export interface AuthorQuery {
  siteId: number;
  articleId: number | null;
  name: string;
  email: string;
  /** Anonymised, as stored. */
  ip: string | null;
  bodySource: string;
  /** Only comments at or after this time count for flooding; null = no flood check. */
  floodSince: number | null;
}

export interface AuthorHistory {
  hasApprovedComment: boolean;
  lastCommentAt: number | null;
  duplicate: boolean;
}

export type InsertResult =
  | { ok: true; comment: CommentRow; article: ArticleRow }
  | { ok: false; reason: 'duplicate' }
  | { ok: false; reason: 'flood'; lastAt: number };

export interface CommentStore {
  /** Answers when the database does; throws otherwise. */
  ping(): Promise<void>;

  getSite(slug: string): Promise<Site | null>;
  /** Creates or replaces a site's settings; `created` tells which. */
  saveSite(slug: string, settings: SiteSettings, now: number): Promise<{ site: Site; created: boolean }>;
  /** Every origin any site allows (for CORS preflights, which do not name a site). */
  allOrigins(): Promise<string[]>;

  getArticle(siteId: number, key: string): Promise<ArticleRow | null>;
  /** A comment with the article and site it belongs to. */
  findComment(id: number): Promise<{ comment: CommentRow; article: ArticleRow; site: Site } | null>;
  /** An article's approved comments, deleted placeholders included, oldest first. */
  listApproved(articleId: number): Promise<CommentRow[]>;
  /** Approved (not deleted) comments per article key; keys without an article are absent. */
  countApproved(siteId: number, keys: string[]): Promise<Map<string, number>>;

  /** What the verdict needs to know about an author before a new comment. */
  authorHistory(query: AuthorQuery): Promise<AuthorHistory>;
  insertComment(comment: NewComment, guard: InsertGuard): Promise<InsertResult>;
  updateBody(id: number, change: { bodySource: string; html: string; editedAt: number }): Promise<CommentRow | null>;
  /** Removes a comment; one with replies stays as a scrubbed placeholder. */
  deleteComment(id: number): Promise<'removed' | 'scrubbed' | 'missing'>;
}
