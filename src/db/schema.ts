// The one description of Parley's tables. drizzle-kit generates drizzle/*.sql from this file.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sites = sqliteTable('sites', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  /** JSON of the site settings; parsed with the zod schema (and its defaults) on read. */
  settings: text('settings').notNull().default('{}'),
  /** Standard Webhooks signing secret (`whsec_…`), shown to moderators in the site settings. */
  webhookSecret: text('webhook_secret'),
  createdAt: integer('created_at').notNull(),
});

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    url: text('url'),
    title: text('title'),
    closed: integer('closed', { mode: 'boolean' }).notNull().default(false),
    firstCommentAt: integer('first_comment_at'),
  },
  (t) => [uniqueIndex('articles_site_key').on(t.siteId, t.key)],
);

export const commentStatuses = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id'),
    /** 1 for a top-level comment, parent's depth + 1 for a reply. */
    depth: integer('depth').notNull().default(1),
    status: text('status', { enum: commentStatuses }).notNull(),
    /** Why the verdict held it (JSON array of machine-readable reasons). */
    reasons: text('reasons').notNull().default('[]'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    url: text('url'),
    /** HMAC of the lowercased email with the server secret; names the generated avatar. */
    avatar: text('avatar').notNull(),
    bodySource: text('body_source').notNull(),
    html: text('html').notNull(),
    /** Anonymised: IPv4 /24, IPv6 /48. */
    ip: text('ip'),
    userAgent: text('user_agent'),
    moderator: integer('moderator', { mode: 'boolean' }).notNull().default(false),
    /** A deleted comment that still has replies stays as a placeholder. */
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    editTokenHash: text('edit_token_hash'),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
    /**
     * Imported comments: the site they were imported into, where they came from (`wordpress`, `disqus`,
     * …) and their id there. Unique per site, so importing a file twice adds nothing. Null for comments
     * born in Parley.
     */
    sourceSiteId: integer('source_site_id'),
    source: text('source'),
    sourceId: text('source_id'),
    /** The parent as the source named it; resolved to parent_id once that comment is here (it may come later). */
    parentSource: text('parent_source'),
    parentSourceId: text('parent_source_id'),
    /** Readers' "Like"s, kept equal to the rows of comment_reactions in the same transaction (threads sort by it). */
    reactions: integer('reactions').notNull().default(0),
    /** Chosen by a moderator (Coral's Featured, the NYT's Picks). */
    featured: integer('featured', { mode: 'boolean' }).notNull().default(false),
    /**
     * Changes (to a new random number, trigger `comments_version` in drizzle/0013) whenever anything a
     * thread shows of the comment changes: its text, author, dates, deletion, reactions, featured,
     * parent, source. A render reads (id, version) from the index and reuses the rest from memory
     * while the version is the same (src/store/sqlite-row-memo.ts). Imports give a row a random one,
     * so an id a purged comment had never comes back with the version it had.
     */
    version: integer('version').notNull().default(0),
    /**
     * A 32-bit hash of body_source as the insert of a POST wrote it (src/store/body-hash.ts), so that the
     * duplicate check finds the author's rows with this text in the email index instead of reading each
     * of their rows on the article. 0: not known (imports, rows from before it, and every row whose
     * body_source changed since: trigger `comments_body_hash` in drizzle/0016). The check looks for the
     * hash and for 0, and still compares the text.
     */
    bodyHash: integer('body_hash').notNull().default(0),
  },
  (t) => [
    uniqueIndex('comments_source').on(t.sourceSiteId, t.source, t.sourceId),
    // Imported replies whose parent is not linked yet (or whose depth is not known yet): small, read after every batch.
    index('comments_import_pending')
      .on(t.sourceSiteId)
      .where(sql`${t.parentSourceId} is not null and ${t.depth} = 1`),
    // Approved comments of an article in order, and counts per article. Covering for a thread's
    // shape (parent, deleted, version): a render reads no table row for comments it has in memory.
    index('comments_article_status_created').on(t.articleId, t.status, t.createdAt, t.id, t.parentId, t.deleted, t.version),
    // `sort=best` (most reactions, then newest): an article's approved top-level comments in that
    // order, so a best page reads only its own (src/store/thread-page.ts). Partial: replies and held
    // comments are not in it; `deleted` makes an `around` page's count of those before covered.
    index('comments_article_best')
      .on(t.articleId, t.reactions, t.createdAt, t.id, t.deleted)
      .where(sql`${t.status} = 'approved' and ${t.parentId} is null`),
    // `filter=featured`: an article's featured top-level comments in date order (a handful; only a
    // feature or unfeature writes to it, never a plain insert).
    // (`status` and `featured` as columns too: more equal columns than the article index, which SQLite picks otherwise.)
    index('comments_article_featured')
      .on(t.articleId, t.status, t.featured, t.createdAt, t.id)
      .where(sql`${t.status} = 'approved' and ${t.parentId} is null and ${t.featured} = 1 and ${t.deleted} = 0`),
    // A thread's count (approved, not deleted) as all approved minus the deleted ones: counting these
    // few is free, where checking `deleted` on each of a big article's index entries cost 2.5× the count.
    // (`status` and `deleted` as columns too, for the same reason as above.)
    index('comments_article_deleted')
      .on(t.articleId, t.status, t.deleted)
      .where(sql`${t.status} = 'approved' and ${t.deleted} = 1`),
    // The moderation queue: pending (or spam, trash) newest first.
    index('comments_status_created').on(t.status, t.createdAt),
    index('comments_parent').on(t.parentId),
    // "Does this author already have an approved comment?", flood checks by email, and (article and body
    // hash last) the duplicate check: it seeks this email's rows of one article with this text's hash
    // (or an unknown one) instead of reading every row the author wrote there.
    index('comments_email_lower').on(sql`lower(${t.email})`, t.status, t.articleId, t.bodyHash),
    // Flood checks by (anonymised) IP.
    index('comments_ip_created').on(t.ip, t.createdAt),
    // Moderators' "all comments by this author" (the author key is the avatar's keyed hash of the email).
    index('comments_avatar').on(t.avatar),
  ],
);

export type SiteRow = typeof sites.$inferSelect;
export type ArticleRow = typeof articles.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;

/** The columns a public thread shows: a thread is read with only these (the source, email, IP… stay on disk). */
export const publicCommentColumns = {
  id: comments.id,
  parentId: comments.parentId,
  name: comments.name,
  url: comments.url,
  avatar: comments.avatar,
  moderator: comments.moderator,
  html: comments.html,
  deleted: comments.deleted,
  createdAt: comments.createdAt,
  editedAt: comments.editedAt,
  // Where an imported comment came from: its old anchor (`#comment-1234`) keeps working.
  source: comments.source,
  sourceId: comments.sourceId,
  reactions: comments.reactions,
  featured: comments.featured,
};
export type PublicCommentRow = Pick<CommentRow, keyof typeof publicCommentColumns>;
export type NewCommentRow = typeof comments.$inferInsert;

export const moderators = sqliteTable('moderators', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Stored lowercased. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** `pbkdf2-sha256$iterations$salt$hash` (base64url). */
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  /**
   * `admin` (everything) or `moderator` (only the sites in `sites`). The column's default is what
   * the migration gives the moderators that existed before roles (they could do everything); new
   * moderators always get an explicit role from the code that creates them.
   */
  role: text('role', { enum: ['admin', 'moderator'] }).notNull().default('admin'),
  /** JSON array of the site ids a `moderator` moderates (ignored for admins). */
  sites: text('sites').notNull().default('[]'),
});

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  /** As moderators' role; tokens from before roles keep the full power they had. */
  role: text('role', { enum: ['admin', 'moderator'] }).notNull().default('admin'),
  /** JSON array of site ids, for a `moderator` token. */
  sites: text('sites').notNull().default('[]'),
  /**
   * The admin who made it through the API (null: the CLI, run by whoever holds the database). The
   * token never does more than its creator can now; removing the creator removes its tokens in the
   * same transaction (SQLite's ADD COLUMN cannot declare the cascade).
   */
  createdBy: integer('created_by').references(() => moderators.id),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the session cookie's value. */
    id: text('id').primaryKey(),
    moderatorId: integer('moderator_id')
      .notNull()
      .references(() => moderators.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);

/** Failed sign-ins per key (an account, or a keyed hash of an IP), in the database so it holds across processes. */
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: integer('window_start').notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `moderator` or `token`. */
    actorType: text('actor_type').notNull(),
    actorId: integer('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    commentId: integer('comment_id'),
    siteId: integer('site_id'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** JSON with what changed (e.g. the fields of an edit). */
    detail: text('detail'),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_comment').on(t.commentId), index('audit_at').on(t.at)],
);

export const webhookOutbox = sqliteTable(
  'webhook_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The Standard Webhooks `webhook-id`: the same on every retry of one event. */
    eventId: text('event_id').notNull().unique(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    payload: text('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** While one delivery attempt runs, other workers leave the event alone until this time. */
    lockedUntil: integer('locked_until'),
    deliveredAt: integer('delivered_at'),
    failedAt: integer('failed_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('webhook_outbox_due').on(t.deliveredAt, t.failedAt, t.nextAttemptAt)],
);

export type ModeratorRow = typeof moderators.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type OutboxRow = typeof webhookOutbox.$inferSelect;

/** Small facts the service keeps about itself, such as the server secret on Workers (where there is no disk). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// ---- Readers' mail: subscriptions, double opt-in, suppression -----------------------------------

export const subscriptionKinds = ['replies', 'article'] as const;
export type SubscriptionKind = (typeof subscriptionKinds)[number];

/** A reader's wish to hear of replies to one comment, or of new comments on one article. */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** Stored lowercased. */
    email: text('email').notNull(),
    kind: text('kind', { enum: subscriptionKinds }).notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** For `replies`: the subscriber's own comment, whose replies are announced. */
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('subscriptions_comment').on(t.commentId),
    index('subscriptions_article_kind').on(t.articleId, t.kind),
    index('subscriptions_site_email').on(t.siteId, t.email),
  ],
);

/** Double opt-in: an address gets nothing but its confirmation mail until it confirms (per site). */
export const subscriberAddresses = sqliteTable(
  'subscriber_addresses',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** Stored lowercased. */
    email: text('email').notNull(),
    confirmedAt: integer('confirmed_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('subscriber_addresses_site_email').on(t.siteId, t.email)],
);

/** Addresses that unsubscribed from everything: no reader mail goes to them again. */
export const mailSuppressions = sqliteTable('mail_suppressions', {
  /** Stored lowercased. */
  email: text('email').primaryKey(),
  createdAt: integer('created_at').notNull(),
});

export type SubscriptionRow = typeof subscriptions.$inferSelect;
/**
 * Mail waiting to go out, one recipient per row, written in the same transaction as the event that
 * causes it (like webhook_outbox). A row either carries its rendered mail (subject, text, html), or
 * names a `render`er that builds it when it is sent (a held-comment mail needs the new comment's id,
 * which the insert that writes the row only learns as it runs).
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    /** What the mail is, e.g. `moderator.held`, `moderator.digest`, `reader.reply`. */
    kind: text('kind').notNull(),
    /** Exactly one address. */
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull().default(''),
    text: text('text').notNull().default(''),
    html: text('html').notNull().default(''),
    /** JSON object of extra headers (e.g. List-Unsubscribe). */
    headers: text('headers').notNull().default('{}'),
    /** The renderer that builds the mail when it is sent; null when subject/text/html are already set. */
    render: text('render'),
    /** The comment the mail is about, if any (set from the insert itself for a new comment). */
    commentId: integer('comment_id'),
    /** The moderator the mail goes to, if it goes to one. */
    moderatorId: integer('moderator_id'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lockedUntil: integer('locked_until'),
    sentAt: integer('sent_at'),
    failedAt: integer('failed_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('mail_outbox_due').on(t.sentAt, t.failedAt, t.nextAttemptAt), index('mail_outbox_failed').on(t.failedAt)],
);

export type MailRow = typeof mailOutbox.$inferSelect;

/** WordPress's "Email me whenever …" per moderator and site; no row means the defaults (both on, no digest). */
export const moderatorMailPrefs = sqliteTable(
  'moderator_mail_prefs',
  {
    moderatorId: integer('moderator_id')
      .notNull()
      .references(() => moderators.id, { onDelete: 'cascade' }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** "Anyone posts a comment". */
    onNew: integer('on_new', { mode: 'boolean' }).notNull().default(true),
    /** "A comment is held for moderation". */
    onHeld: integer('on_held', { mode: 'boolean' }).notNull().default(true),
    /** 0: a mail per comment; N: one digest every N minutes instead. */
    digestMinutes: integer('digest_minutes').notNull().default(0),
    /** Comments created after this time go into the next digest. */
    lastDigestAt: integer('last_digest_at'),
  },
  (t) => [uniqueIndex('moderator_mail_prefs_pk').on(t.moderatorId, t.siteId)],
);

export type MailPrefsRow = typeof moderatorMailPrefs.$inferSelect;

/** Ids of mail action links that were used (so each works once). Rows older than the links' life can go. */
export const mailTokensUsed = sqliteTable('mail_tokens_used', {
  id: text('id').primaryKey(),
  usedAt: integer('used_at').notNull(),
});
/**
 * Readers' reports of a comment. A reader is known only by keyed hashes (HMAC with the server
 * secret): `readerKey` of the anonymised IP and the widget's random reader id, `ipKey` of the
 * anonymised IP alone (reports from one IP count once toward the threshold). No IP is stored.
 */
export const commentReports = sqliteTable(
  'comment_reports',
  {
    /** Random, made by the service, so that statements in the same batch can tell whether this insert happened. */
    id: text('id').primaryKey(),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    readerKey: text('reader_key').notNull(),
    ipKey: text('ip_key').notNull(),
    reason: text('reason', { enum: ['spam', 'abuse', 'off_topic', 'other'] }).notNull(),
    text: text('text'),
    createdAt: integer('created_at').notNull(),
    /** Set when a moderator dismissed the report; a dismissed report no longer counts. */
    dismissedAt: integer('dismissed_at'),
  },
  (t) => [
    uniqueIndex('comment_reports_reader').on(t.commentId, t.readerKey),
    // Rate limits per reader and per IP.
    index('comment_reports_reader_created').on(t.readerKey, t.createdAt),
    index('comment_reports_ip_created').on(t.ipKey, t.createdAt),
  ],
);

export type ReportRow = typeof commentReports.$inferSelect;

/** One "Like" per reader (the same keyed hashes as reports) per comment; at most a few per network. */
export const commentReactions = sqliteTable(
  'comment_reactions',
  {
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    readerKey: text('reader_key').notNull(),
    ipKey: text('ip_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.readerKey] }), index('comment_reactions_comment_ip').on(t.commentId, t.ipKey)],
);

// ---- Bans ---------------------------------------------------------------------------------------

export const banKinds = ['email', 'ip', 'domain'] as const;
export type BanKind = (typeof banKinds)[number];

/**
 * A site's ban of an author's email, (anonymised) IP or email domain. `value` is normalised (see
 * src/moderation/bans.ts), so one ban per (site, kind, value); lifting a ban deletes its row (the
 * audit log keeps its history). A ban whose `until` has passed is expired: kept, listed, no longer applied.
 */
export const bans = sqliteTable(
  'bans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: banKinds }).notNull(),
    value: text('value').notNull(),
    /** Ms since the epoch; null = for good. */
    until: integer('until'),
    note: text('note'),
    /** The comment the ban was made from, if any (kept as a plain number: the comment may go). */
    commentId: integer('comment_id'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  // The ban check of every new comment: (site, kind, value) lookups.
  (t) => [uniqueIndex('bans_site_kind_value').on(t.siteId, t.kind, t.value)],
);

export type BanRow = typeof bans.$inferSelect;
