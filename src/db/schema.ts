// The one description of Parley's tables. drizzle-kit generates drizzle/*.sql from this file.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sites = sqliteTable('sites', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  /** JSON of the site settings; parsed with the zod schema (and its defaults) on read. */
  settings: text('settings').notNull().default('{}'),
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
  },
  (t) => [
    // Approved comments of an article in order, and counts per article.
    index('comments_article_status_created').on(t.articleId, t.status, t.createdAt, t.id),
    // The moderation queue: pending (or spam, trash) newest first.
    index('comments_status_created').on(t.status, t.createdAt),
    index('comments_parent').on(t.parentId),
    // "Does this author already have an approved comment?" and flood checks by email.
    index('comments_email_lower').on(sql`lower(${t.email})`, t.status),
    // Flood checks by (anonymised) IP.
    index('comments_ip_created').on(t.ip, t.createdAt),
  ],
);

export type SiteRow = typeof sites.$inferSelect;
export type ArticleRow = typeof articles.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type NewCommentRow = typeof comments.$inferInsert;
