// The storage interface the domain and routes talk to. One implementation per backend
// (better-sqlite3 in sqlite.ts; D1 later); nothing outside src/store imports a driver.
import type { ArticleRow, AuditRow, CommentRow, CommentStatus, MailPrefsRow, MailRow, ModeratorRow, OutboxRow, PublicCommentRow } from '../db/schema.js';
import type { SiteSettings } from '../comments/settings.js';
import type { ImportRow } from '../imports/mapping.js';
import type { Access } from '../moderation/roles.js';

export type { ArticleRow, CommentRow, CommentStatus };

export interface Site {
  id: number;
  slug: string;
  settings: SiteSettings;
  /** Standard Webhooks secret (`whsec_…`); null until one is generated. */
  webhookSecret: string | null;
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
  /** Mail caused by this comment, written in the insert's transaction; their commentId becomes the new comment's id. */
  mails?: NewMail[];
  /**
   * Webhook events about this comment (`comment.created`), written in the insert's transaction; the
   * store fills in the new comment's id and its article's url and title (see new-comment-events.ts).
   */
  events?: NewOutboxEvent[];
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
  /**
   * articleChanged: the insert created its article row or filled in its url, title or first comment
   * time (what a cached page shows of the article). A store that leaves it out is taken to have changed it.
   */
  | { ok: true; comment: CommentRow; article: ArticleRow; articleChanged?: boolean }
  | { ok: false; reason: 'duplicate' }
  | { ok: false; reason: 'flood'; lastAt: number };

export interface SiteArticle {
  site: Site;
  article: ArticleRow | null;
}

export interface CommentStore {
  /** Answers when the database does; throws otherwise. */
  ping(): Promise<void>;

  getSite(slug: string): Promise<Site | null>;
  /** Creates or replaces a site's settings; `created` tells which. */
  saveSite(slug: string, settings: SiteSettings, now: number): Promise<{ site: Site; created: boolean }>;
  /** Every origin any site allows (for CORS preflights, which do not name a site). */
  allOrigins(): Promise<string[]>;

  getArticle(siteId: number, key: string): Promise<ArticleRow | null>;
  /**
   * A site and one of its articles (null: no article by that key yet), or null when there is no such
   * site: what a thread read and a post start from, in one round trip where a round trip is dear (D1).
   */
  siteArticle(slug: string, key: string): Promise<SiteArticle | null>;
  /** A comment with the article and site it belongs to. */
  findComment(id: number): Promise<{ comment: CommentRow; article: ArticleRow; site: Site } | null>;
  /** An article's approved comments, deleted placeholders included, oldest first. */
  listApproved(articleId: number): Promise<PublicCommentRow[]>;
  /** One page of a thread (src/store/thread-page.ts): its top-level comments and their replies, or the whole article when small. */
  approvedPage(articleId: number, query: ApprovedPageQuery): Promise<ApprovedPage>;
  /** Approved (not deleted) comments per article key; keys without an article are absent. */
  countApproved(siteId: number, keys: string[]): Promise<Map<string, number>>;

  /** What the verdict needs to know about an author before a new comment. */
  authorHistory(query: AuthorQuery): Promise<AuthorHistory>;
  insertComment(comment: NewComment, guard: InsertGuard): Promise<InsertResult>;
  updateBody(id: number, change: { bodySource: string; html: string; editedAt: number }): Promise<CommentRow | null>;
  /** Removes a comment; one with replies stays as a scrubbed placeholder. `events` (webhooks) are written with it, if it exists. */
  deleteComment(id: number, events?: NewOutboxEvent[]): Promise<'removed' | 'scrubbed' | 'missing'>;
}

// ---- Moderation ------------------------------------------------------------------------------

export type { AuditRow, ModeratorRow, OutboxRow };

/** Who did something in the moderation API. */
export interface Actor {
  /** `system`: a scheduled job (retention); `reader`: a commenter's own privacy request. */
  type: 'moderator' | 'token' | 'system' | 'reader';
  id: number;
  name: string;
  /** A moderator's email (their replies are posted with it); empty for API tokens. */
  email: string;
}

export interface NewAudit {
  actor: Actor;
  action: string;
  detail?: Record<string, unknown>;
  at: number;
}

/** A comment with what moderators see of its article and site. */
export interface AdminCommentRow {
  comment: CommentRow;
  article: ArticleRow;
  siteSlug: string;
  /** The comment replied to, if any. */
  parent: { id: number; name: string; html: string; status: CommentStatus } | null;
}

export interface AdminCommentFilter {
  status?: CommentStatus;
  siteId?: number;
  articleKey?: string;
  /** Full-text query (already turned into an FTS5 expression). */
  match?: string;
  /** Only comments with open (not dismissed) readers' reports. */
  reported?: boolean;
  /** Only comments of these sites (a moderator's own); undefined: every site. */
  siteIds?: readonly number[];
  /** Only comments by this author key (the keyed hash of the email that names avatars). */
  author?: string;
  /** Newest first: only comments strictly older than this (createdAt, id). */
  before?: { createdAt: number; id: number };
  limit: number;
}

export interface CommentChange {
  status?: CommentStatus;
  reasons?: string;
  featured?: boolean;
  bodySource?: string;
  html?: string;
  name?: string;
  url?: string | null;
  editedAt?: number;
}

export interface NewOutboxEvent {
  eventId: string;
  siteId: number;
  url: string;
  payload: string;
  createdAt: number;
}

/**
 * What a moderator's change causes, written in the change's own transaction (only when the comment
 * exists), so that an event or a mail exists exactly when its change does.
 */
export interface ChangeEffects {
  mails?: NewMail[];
  /** Webhook events (see outboxEvent), their payloads made before the write. */
  events?: NewOutboxEvent[];
}

export interface ModerationStore {
  listComments(filter: AdminCommentFilter): Promise<AdminCommentRow[]>;
  getAdminComment(id: number): Promise<AdminCommentRow | null>;
  /** Changes a comment and writes the audit entry and its effects in one transaction; null when it does not exist. */
  changeComment(id: number, change: CommentChange, audit: NewAudit, effects?: ChangeEffects): Promise<{ before: CommentRow; after: CommentRow } | null>;
  /** Deletes a comment for good (its replies move up to its parent), with the audit entry and its effects. */
  purgeComment(id: number, audit: NewAudit, effects?: ChangeEffects): Promise<CommentRow | null>;
  recordAudit(entry: NewAudit & { commentId: number | null; siteId: number | null; fromStatus?: string | null; toStatus?: string | null }): Promise<void>;
  listAudit(query: { beforeId?: number; limit: number }): Promise<AuditRow[]>;
  stats(): Promise<Array<{ site: string; status: CommentStatus; count: number }>>;
  listSites(): Promise<Site[]>;
}

export interface AuthStore {
  upsertModerator(email: string, name: string, passwordHash: string, now: number): Promise<{ moderator: ModeratorRow; created: boolean }>;
  findModeratorByEmail(email: string): Promise<ModeratorRow | null>;
  listModerators(): Promise<ModeratorRow[]>;
  createApiToken(name: string, tokenHash: string, now: number): Promise<{ id: number } | null>;
  revokeApiToken(nameOrId: string): Promise<boolean>;
  listApiTokens(): Promise<Array<{ id: number; name: string; createdAt: number; lastUsedAt: number | null }>>;
  /** The token with this hash (marked as used now) and what it may do, capped by its creator's power now. */
  findApiToken(tokenHash: string, now: number): Promise<{ id: number; name: string; access: Access; createdBy: number | null } | null>;
  createSession(session: { id: string; moderatorId: number; csrfToken: string; createdAt: number; expiresAt: number }): Promise<void>;
  findSession(id: string, now: number): Promise<{ csrfToken: string; expiresAt: number; moderator: ModeratorRow } | null>;
  deleteSession(id: string): Promise<void>;
  /** Failed sign-ins per key inside the window that started at or after `since`. */
  loginFailures(keys: string[], since: number): Promise<number>;
  recordLoginFailure(keys: string[], now: number, since: number): Promise<void>;
  clearLoginFailures(keys: string[]): Promise<void>;
}

export interface OutboxStore {
  /** Takes up to `limit` due events and locks them for `lockMs` so no other worker sends them too. */
  claimDueWebhooks(now: number, limit: number, lockMs: number): Promise<OutboxRow[]>;
  markWebhookDelivered(id: number, now: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` null means give up. */
  markWebhookFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number): Promise<void>;
}

export interface MetaStore {
  /** The server secret kept in the database (for runtimes with no disk); the candidate is stored if there is none. */
  getOrCreateSecret(candidate: string): Promise<string>;
}

// ---- Export ----------------------------------------------------------------------------------

export type ExportArticle = Pick<ArticleRow, 'id' | 'key' | 'url' | 'title' | 'closed' | 'firstCommentAt'>;

/**
 * A comment as an export writes it: every column but the edit-token hash and the importer's own
 * bookkeeping, with its article's key. `source`/`sourceId` say where an imported comment came from.
 */
export type ExportComment = Omit<CommentRow, 'editTokenHash' | 'sourceSiteId' | 'parentSource' | 'parentSourceId' | 'reactions' | 'version' | 'bodyHash'> & {
  articleKey: string;
  /**
   * The comment's reaction rows (keyed hashes, never an IP), oldest first. `comments.reactions` is
   * their count, so an import writes the rows and recounts rather than carrying the number.
   */
  reactions: ExportReaction[];
  /**
   * The parent's identity for an importer: its source and source id, or ("parley", its id). A
   * reply can have a lower id than its parent (an import that could not keep the parent's id), so
   * naming the parent by identity keeps the thread whatever order the lines come in.
   */
  parentIdentity: { source: string; sourceId: string } | null;
};

/** One reader's "Like" as stored: HMAC keys of the reader id and network, and when. */
export interface ExportReaction {
  readerKey: string;
  ipKey: string;
  createdAt: number;
}

/** Reads a whole site in keyset pages (each a handful of bound parameters, so fine on D1). */
export interface ExportStore {
  /** The site's articles with id > afterId, in id order. */
  exportArticles(siteId: number, afterId: number, limit: number): Promise<ExportArticle[]>;
  /** The site's comments with id > afterId, in id order. */
  exportComments(siteId: number, afterId: number, limit: number): Promise<ExportComment[]>;
  /** The site's comments after (articleId, id), ordered by article id then comment id. */
  exportCommentsByArticle(siteId: number, after: { articleId: number; id: number }, limit: number): Promise<ExportComment[]>;
}


// ---- Import ----------------------------------------------------------------------------------

export type { ImportRow };

/** One batch of an import, mapped and ready to store (see src/imports/). */
export interface StoreImportBatch {
  articles: Array<{ key: string; url: string | null; title: string | null; closed: boolean }>;
  rows: ImportRow[];
  /** Read only: say what would happen. */
  dryRun: boolean;
  /** The audit entry, written in the batch's transaction (null in a dry run). */
  audit: { actorType: string; actorId: number; actorName: string; detail: Record<string, unknown>; at: number } | null;
}

export interface StoreImportResult {
  articlesCreated: number;
  imported: Record<CommentStatus, number>;
  /** Comments of the batch that were imported before (same site, source and source id). */
  existing: number;
  /** Imported replies of this site whose parent is not here (yet): they show as top-level comments. */
  unlinkedParents: number;
}

export interface ImportStore {
  /** Stores a batch in one transaction; idempotent by (site, source, source id). */
  importBatch(siteId: number, batch: StoreImportBatch): Promise<StoreImportResult>;
}
// ---- Mail --------------------------------------------------------------------------------------

export type { MailPrefsRow, MailRow };

/** One mail for the outbox: exactly one recipient. */
export interface NewMail {
  siteId: number | null;
  kind: string;
  to: string;
  /** Rendered now; leave subject/text/html empty and name a `render`er to build the mail when it is sent. */
  subject?: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  render?: string | null;
  commentId?: number | null;
  moderatorId?: number | null;
  createdAt: number;
}

export interface MailPrefs {
  onNew: boolean;
  onHeld: boolean;
  digestMinutes: number;
}

export const defaultMailPrefs: MailPrefs = { onNew: true, onHeld: true, digestMinutes: 0 };

/** A moderator with their preferences for one site (the defaults where they saved none). */
export interface MailRecipient {
  moderatorId: number;
  email: string;
  name: string;
  prefs: MailPrefs;
  lastDigestAt: number | null;
}

export interface MailStore {
  /** Puts mail in the outbox on its own (mail caused by a comment change goes with the change instead). */
  enqueueMails(mails: NewMail[]): Promise<void>;
  /** Takes up to `limit` due mails and locks them for `lockMs` so no other sender takes them too. */
  claimDueMails(now: number, limit: number, lockMs: number): Promise<MailRow[]>;
  markMailSent(id: number, now: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` null means give up (failed for good). */
  markMailFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number): Promise<void>;
  /** Mail given up on, newest first (for the dashboard). */
  listFailedMails(limit: number): Promise<MailRow[]>;
  /** Every moderator with their preferences for the site. */
  mailRecipients(siteId: number): Promise<MailRecipient[]>;
  /** One moderator's preferences on every site (sites without a saved row get the defaults). */
  mailPrefsOf(moderatorId: number): Promise<Array<{ siteId: number; site: string; prefs: MailPrefs }>>;
  saveMailPrefs(moderatorId: number, siteId: number, prefs: MailPrefs, now: number): Promise<void>;
  /** Comments of a site created in [since, until), oldest first, for a digest. */
  commentsForDigest(siteId: number, since: number, until: number, limit: number): Promise<AdminCommentRow[]>;
  /** Records that a digest covered comments up to `until`, and enqueues its mail, in one transaction. */
  recordDigest(moderatorId: number, siteId: number, until: number, mail: NewMail | null): Promise<void>;
  /** Marks a mail link's id as used; false when it already was. */
  useMailToken(id: string, now: number): Promise<boolean>;
  isMailTokenUsed(id: string): Promise<boolean>;
  /** Forgets sent mail sent before `sentBefore` and used link ids used before `usedBefore` (the links expired anyway). */
  pruneMail(sentBefore: number, usedBefore: number): Promise<void>;
}

/** Everything the app needs from storage. */
export type Store = CommentStore &
  ModerationStore &
  AuthStore &
  OutboxStore &
  MetaStore &
  MailStore &
  ReaderStore &
  ReaderActionStore &
  ImportStore &
  ExportStore &
  RolesStore &
  BanStore;

import type { RolesStore } from './roles-types.js';
import type { BanStore } from './bans-types.js';

export type { ReaderStore } from './readers-types.js';
import type { ReaderStore } from './readers-types.js';
// ---- Readers: reports and reactions ---------------------------------------------------------

export interface NewReport {
  /** Random; tells the statements of the same write whether this report was new. */
  id: string;
  commentId: number;
  readerKey: string;
  ipKey: string;
  reason: 'spam' | 'abuse' | 'off_topic' | 'other';
  text: string | null;
  createdAt: number;
}

export interface ReportRule {
  /** Distinct IP keys among open reports that take an approved comment back to the queue. */
  threshold: number;
  /** The audit entry written when the reports hide the comment. */
  at: number;
  /** The `comment.reported` event, written with the report; its payload's report count and status are filled in by the store. */
  event: NewOutboxEvent | null;
}

export interface ReportOutcome {
  /** False when this reader had already reported the comment (nothing was written). */
  added: boolean;
  /** Open reports, counted once per IP key. */
  count: number;
  /** Whether the comment is now out of the public thread because of the reports. */
  hidden: boolean;
  articleId: number;
}

/** What moderators see of a comment's open reports. */
export interface ReportSummary {
  /** Open reports, counted once per IP key (what the threshold counts). */
  count: number;
  /** Open reports, one per reader. */
  reports: number;
  reasons: Partial<Record<NewReport['reason'], number>>;
  /** Readers' notes, newest first (at most 10). */
  notes: string[];
}

export interface ReaderActionStore {
  /** Reports by this reader key, and by this IP key, at or after `since`. */
  recentReports(readerKey: string, ipKey: string, since: number): Promise<{ byReader: number; byIp: number }>;
  /** Adds a report (once per reader), hides the comment at the threshold (with its audit entry) and enqueues the event, atomically. */
  addReport(report: NewReport, rule: ReportRule): Promise<ReportOutcome | null>;
  reportSummaries(commentIds: number[]): Promise<Map<number, ReportSummary>>;
  /** Dismisses a comment's open reports with the audit entry; answers how many were open. */
  dismissReports(commentId: number, audit: NewAudit): Promise<number>;
  /** Turns one reader's reaction on or off; answers the comment's count and whether this reader's like stands (null: no such comment). */
  setReaction(commentId: number, reader: { readerKey: string; ipKey: string }, on: boolean, now: number): Promise<{ reactions: number; reacted: boolean; articleId: number } | null>;
}

/**
 * A page of top-level comments: `roots` of them (the page and one more) in a thread order, after a
 * cursor, optionally featured ones only, optionally reaching down to an anchor's thread.
 */
export interface ApprovedPageQuery {
  sort: 'oldest' | 'newest' | 'best';
  /** `reactions`: only in `best` cursors (a cursor without it sorts as 0 there). */
  after: { createdAt: number; id: number; reactions?: number } | null;
  roots: number;
  /** `filter=featured`: only featured, not deleted top-level comments. */
  featured?: boolean;
  /** `around` (never with `after`): the comment the anchor names, found as buildThread's findAnchor finds it. */
  around?: PageAnchor;
}

/** An `around` anchor as SQL can look it up: a comment id (`comment-{id}`), else an imported comment's source and old id. */
export interface PageAnchor {
  id: number | null;
  sources: string[];
  sourceId: string | null;
}

export interface ApprovedPage {
  /** The page's top-level comments and every approved reply below them; all approved rows when `whole`. */
  rows: PublicCommentRow[];
  /** How many top-level comments were read (fewer than `asked`: there are no more). */
  roots: number;
  /** How many top-level comments were asked for (`roots`, or more to reach an anchor's thread). */
  asked: number;
  /** Approved, not deleted comments of the whole article (the thread's count). */
  count: number;
  /** True when `rows` are all of the article's approved rows (a small article is read whole). */
  whole: boolean;
  /** With `around`: the id of the comment the anchor names (null: none), unless `whole`. */
  anchor: number | null;
}

