// The hot queries of the better-sqlite3 store, built by Drizzle and prepared once per connection:
// building the SQL and compiling it (with the FTS triggers an insert fires) cost more than running it.
// No `.limit(1)` on the lookups of one row: Drizzle binds the limit (`limit ?`), which made the
// duplicate check twice as slow (11 µs against 5.4 in-process), and `get()` reads the first row only.
// The statements every POST runs are compiled further (sqlite-compiled.ts): plain functions of their values.
import { and, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import { articles, comments, publicCommentColumns, sites, type PublicCommentRow } from '../db/schema.js';
import { NOT_TRASH, onSite } from './queries.js';
import { compileExists, compileRowQuery } from './sqlite-compiled.js';
import type { Db } from './sqlite.js';

const p = sql.placeholder;

/** `lower(email)`, matched by the comments_email_lower index. */
const lowerEmail = sql`lower(${comments.email})`;

export function prepareStatements(db: Db) {
  return {
    siteBySlug: db.select().from(sites).where(eq(sites.slug, p('slug'))).prepare(),

    articleByKey: compileRowQuery(
      db.$client,
      db
        .select()
        .from(articles)
        .where(and(eq(articles.siteId, p('siteId')), eq(articles.key, p('key'))))
        .toSQL(),
      articles,
    ),

    commentWithArticle: db
      .select({ comment: comments, article: articles, site: sites })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .innerJoin(sites, eq(sites.id, articles.siteId))
      .where(eq(comments.id, p('id')))
      .prepare(),

    /** Approved, not deleted comments per key; the keys come as one JSON array. */
    countsByKeys: db
      .select({ key: articles.key, count: sql<number>`count(${comments.id})` })
      .from(articles)
      .leftJoin(comments, and(eq(comments.articleId, articles.id), eq(comments.status, 'approved'), eq(comments.deleted, false)))
      .where(and(eq(articles.siteId, p('siteId')), sql`${articles.key} in (select value from json_each(${p('keys')}))`))
      .groupBy(articles.id)
      .prepare(),

    approvedByEmail: db
      .select({ id: comments.id })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(and(sql`${lowerEmail} = ${p('email')}`, eq(comments.status, 'approved'), eq(articles.siteId, p('siteId'))))
      .prepare(),

    /** The latest comment by this email or IP since a time; a null email or IP matches nothing. */
    lastByEmailOrIp: db
      .select({ at: sql<number | null>`max(${comments.createdAt})` })
      .from(comments)
      .where(
        and(
          or(sql`${lowerEmail} = ${p('email')}`, eq(comments.ip, p('ip'))),
          gte(comments.createdAt, p('since')),
          eq(comments.moderator, false),
          onSite(p('siteId')),
        ),
      )
      .prepare(),

    /**
     * The same text by the same email on this article. The statuses are listed (every one but trash)
     * so that SQLite seeks (email, status, article, body hash) in the email index: it reads only this
     * author's rows on this article that may hold this text, however many comments the author wrote
     * there or elsewhere, and never the thread.
     */
    duplicateByEmail: compileExists(
      db.$client,
      db
        .select({ id: comments.id })
        .from(comments)
        .where(
          and(
            sql`${lowerEmail} = ${p('email')}`,
            inArray(comments.status, NOT_TRASH),
            eq(comments.articleId, p('articleId')),
            // This text's hash, or 0 (not known: imported, or changed since): the rows that may hold it (body-hash.ts).
            inArray(comments.bodyHash, [p('bodyHash'), 0]),
            eq(comments.bodySource, p('bodySource')),
            ne(comments.status, 'trash'),
          ),
        )
        .toSQL(),
    ),

    duplicateByName: compileExists(
      db.$client,
      db
        .select({ id: comments.id })
        .from(comments)
        .where(
          and(
            eq(comments.articleId, p('articleId')),
            eq(comments.email, ''),
            eq(comments.name, p('name')),
            eq(comments.bodySource, p('bodySource')),
            ne(comments.status, 'trash'),
          ),
        )
        .toSQL(),
    ),

    insertArticle: db
      .insert(articles)
      .values({ siteId: p('siteId'), key: p('key'), url: p('url'), title: p('title'), firstCommentAt: p('firstCommentAt') })
      .returning()
      .prepare(),

    insertComment: compileRowQuery(
      db.$client,
      db
        .insert(comments)
        .values({
          articleId: p('articleId'),
          parentId: p('parentId'),
          depth: p('depth'),
          status: p('status'),
          reasons: p('reasons'),
          name: p('name'),
          email: p('email'),
          url: p('url'),
          avatar: p('avatar'),
          bodySource: p('bodySource'),
          html: p('html'),
          ip: p('ip'),
          userAgent: p('userAgent'),
          moderator: p('moderator'),
          editTokenHash: p('editTokenHash'),
          createdAt: p('createdAt'),
          bodyHash: p('bodyHash'),
        })
        .returning()
        .toSQL(),
      comments,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

const publicColumns = Object.entries(publicCommentColumns);

/**
 * Raw rows of `select(publicCommentColumns)` (columns in that order) as rows, with each column's own
 * Drizzle decoder but without Drizzle's per-field checks: for a thread of hundreds of comments that
 * checking cost as much as reading the rows.
 */
export function toPublicRows(raw: unknown[][]): PublicCommentRow[] {
  return raw.map((values) => {
    const row: Record<string, unknown> = {};
    publicColumns.forEach(([key, column], i) => {
      const value = values[i];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    });
    return row as PublicCommentRow;
  });
}
