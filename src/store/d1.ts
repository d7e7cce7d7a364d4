// CommentStore on Cloudflare D1 through drizzle-orm/d1. D1 has no interactive transactions, so
// every multi-statement write is one db.batch() (atomic), and checks that guard a write are part
// of the write's own statement. No query binds more than 100 parameters.
import { and, asc, eq, gte, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { D1Database } from '@cloudflare/workers-types';
import type { DrizzleD1Database } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { settingsFromJson, type SiteSettings } from '../comments/settings.js';
import { articles, comments, publicCommentColumns, sites, type CommentRow, type SiteRow } from '../db/schema.js';
import { eventsOfNewComment, mailsOfNewComment } from './d1-mail-insert.js';
import { newWebhookSecret } from '../moderation/webhooks.js';
import { NOT_TRASH, onSite } from './queries.js';
import { bodyHash } from './body-hash.js';
import { fromRaw } from './d1-rows.js';
import { pageStatement, toPage } from './thread-page.js';
import type { ApprovedPage, ApprovedPageQuery, AuthorHistory, AuthorQuery, CommentStore, InsertGuard, InsertResult, NewComment, NewOutboxEvent, Site, SiteArticle } from './types.js';

export type D1Db = DrizzleD1Database<Record<string, never>>;

/** D1 refuses statements with more than 100 bound parameters. */
export const D1_MAX_PARAMS = 100;

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const toSite = (row: SiteRow): Site => ({
  id: row.id,
  slug: row.slug,
  settings: settingsFromJson(row.settings),
  webhookSecret: row.webhookSecret,
});

const dialect = new SQLiteAsyncDialect();

/** A site with one of its articles (left-joined: null when it has none by that key). */
const siteArticleQuery = (db: D1Db, slug: string, key: string) =>
  db
    .select({ site: sites, article: articles })
    .from(sites)
    .leftJoin(articles, and(eq(articles.siteId, sites.id), eq(articles.key, key)))
    .where(eq(sites.slug, slug));

/** A statement for a batch: a drizzle query builder, or a raw `sql` fragment. */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

/** The id of a new comment's article, in SQL (null until it exists). */
export const articleOfComment = (input: Pick<NewComment, 'siteId' | 'articleKey'>) =>
  sql`(select ${articles.id} from ${articles} where ${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey})`;

const sameEmail = (email: string) => sql`lower(${comments.email}) = ${email.toLowerCase()}`;

/** Sites kept in memory at most (a store lives as long as its isolate). */
const KNOWN_SITES_MAX = 1000;

export class D1CommentStore implements CommentStore {
  /**
   * Every site as this isolate last read it, with the stored text of its settings: a new comment is
   * decided from it and written in one batch whose guard checks that text is still the stored one
   * (d1-post.ts), so a copy can be old but never decides anything.
   */
  private readonly knownSites = new Map<string, { site: Site; settings: string }>();

  constructor(
    protected readonly db: D1Db,
    protected readonly client: D1Database,
  ) {}

  /** The site of a row just read, remembered for knownSite. */
  protected siteOf(row: SiteRow): Site {
    const site = toSite(row);
    if (this.knownSites.size >= KNOWN_SITES_MAX && !this.knownSites.has(row.slug)) this.knownSites.clear();
    this.knownSites.set(row.slug, { site, settings: row.settings });
    return site;
  }

  /** The site as this isolate last read it (null: not read yet), with its settings' stored text. */
  knownSite(slug: string): { site: Site; settings: string } | null {
    return this.knownSites.get(slug) ?? null;
  }

  /**
   * Runs statements atomically in one D1 batch and answers each one's raw rows. (drizzle's own
   * batch() cannot take raw `sql` statements with parameters, so this binds them itself.)
   */
  protected async batch(statements: Statement[]): Promise<Array<Array<Record<string, unknown>>>> {
    const prepared = statements.map((statement) => {
      const query = 'toSQL' in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
      if (query.params.length > D1_MAX_PARAMS) throw new Error(`a statement binds ${query.params.length} parameters`);
      return this.client.prepare(query.sql).bind(...query.params);
    });
    const results = await this.client.batch<Record<string, unknown>>(prepared);
    return results.map((r) => r.results);
  }

  async ping(): Promise<void> {
    await this.db.run(sql`select 1`);
  }

  async getSite(slug: string): Promise<Site | null> {
    const row = await this.db.select().from(sites).where(eq(sites.slug, slug)).get();
    return row ? this.siteOf(row) : null;
  }

  async saveSite(slug: string, settings: SiteSettings, now: number): Promise<{ site: Site; created: boolean }> {
    const existed = await this.db.select({ id: sites.id }).from(sites).where(eq(sites.slug, slug)).get();
    const row = await this.db
      .insert(sites)
      .values({ slug, settings: JSON.stringify(settings), createdAt: now, webhookSecret: newWebhookSecret() })
      // A site saved before it had a secret gets one now, so that reading it never has to write.
      .onConflictDoUpdate({
        target: sites.slug,
        set: { settings: JSON.stringify(settings), webhookSecret: sql`coalesce(${sites.webhookSecret}, excluded.webhook_secret)` },
      })
      .returning()
      .get();
    return { site: this.siteOf(row), created: !existed };
  }

  async allOrigins(): Promise<string[]> {
    const rows = await this.db.select({ settings: sites.settings }).from(sites).all();
    return [...new Set(rows.flatMap((r) => settingsFromJson(r.settings).origins))];
  }

  async getArticle(siteId: number, key: string) {
    return (await this.db.select().from(articles).where(and(eq(articles.siteId, siteId), eq(articles.key, key))).get()) ?? null;
  }

  async siteArticle(slug: string, key: string): Promise<SiteArticle | null> {
    // One query, not two: D1 pays per round trip far more than per row.
    const row = await siteArticleQuery(this.db, slug, key).get();
    return row ? { site: this.siteOf(row.site), article: row.article } : null;
  }

  async findComment(id: number) {
    const row = await this.db
      .select({ comment: comments, article: articles, site: sites })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .innerJoin(sites, eq(sites.id, articles.siteId))
      .where(eq(comments.id, id))
      .get();
    return row ? { comment: row.comment, article: row.article, site: this.siteOf(row.site) } : null;
  }

  async listApproved(articleId: number) {
    return this.db
      .select(publicCommentColumns)
      .from(comments)
      .where(and(eq(comments.articleId, articleId), eq(comments.status, 'approved')))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .all();
  }

  async approvedPage(articleId: number, query: ApprovedPageQuery): Promise<ApprovedPage> {
    // One query: the page with its count (D1 pays per query far more than per row).
    const { text, params } = pageStatement(articleId, query);
    const { results } = await this.client.prepare(text).bind(...params).all<Record<string, unknown>>();
    return toPage(results);
  }

  async countApproved(siteId: number, keys: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const part of chunk(keys, D1_MAX_PARAMS - 10)) {
      const rows = await this.db
        .select({ key: articles.key, count: sql<number>`count(${comments.id})` })
        .from(articles)
        .leftJoin(comments, and(eq(comments.articleId, articles.id), eq(comments.status, 'approved'), eq(comments.deleted, false)))
        .where(and(eq(articles.siteId, siteId), inArray(articles.key, part)))
        .groupBy(articles.id)
        .all();
      for (const row of rows) counts.set(row.key, row.count);
    }
    return counts;
  }

  private floodCondition(siteId: number, email: string, ip: string | null, since: number): SQL | undefined {
    const sameAuthor = [email ? sameEmail(email) : undefined, ip ? eq(comments.ip, ip) : undefined].filter((c) => c !== undefined);
    if (sameAuthor.length === 0) return undefined;
    return and(or(...sameAuthor), gte(comments.createdAt, since), eq(comments.moderator, false), onSite(siteId));
  }

  private duplicateCondition(articleId: SQL | number, email: string, name: string, bodySource: string): SQL | undefined {
    if (!email) return and(eq(comments.articleId, articleId), eq(comments.email, ''), eq(comments.name, name), eq(comments.bodySource, bodySource), ne(comments.status, 'trash'));
    // The statuses listed: SQLite seeks (email, status, article) in the email index, reading only this
    // author's rows on this article (as the Node store does), never the thread nor the author's whole history.
    // The body's hash (or 0, not known) narrows the seek to the rows that may have this text (body-hash.ts).
    return and(
      sameEmail(email),
      inArray(comments.status, NOT_TRASH),
      eq(comments.articleId, articleId),
      inArray(comments.bodyHash, [bodyHash(bodySource), 0]),
      eq(comments.bodySource, bodySource),
    );
  }

  async authorHistory(query: AuthorQuery): Promise<AuthorHistory> {
    const approved = query.email
      ? await this.db
          .select({ id: comments.id })
          .from(comments)
          .innerJoin(articles, eq(articles.id, comments.articleId))
          .where(and(sameEmail(query.email), eq(comments.status, 'approved'), eq(articles.siteId, query.siteId)))
          .limit(1)
          .get()
      : undefined;
    const flood = query.floodSince === null ? undefined : this.floodCondition(query.siteId, query.email, query.ip, query.floodSince);
    const last = flood
      ? await this.db.select({ at: sql<number | null>`max(${comments.createdAt})` }).from(comments).where(flood).get()
      : undefined;
    const duplicate =
      query.articleId === null
        ? undefined
        : await this.db
            .select({ id: comments.id })
            .from(comments)
            .where(this.duplicateCondition(query.articleId, query.email, query.name, query.bodySource))
            .limit(1)
            .get();
    return { hasApprovedComment: approved !== undefined, lastCommentAt: last?.at ?? null, duplicate: duplicate !== undefined };
  }

  /** The guard of an insert: true when the same author's duplicate or flood refuses it (`articleOf`: the article's id, in SQL). */
  protected refusedBy(input: NewComment, guard: InsertGuard, articleOf: SQL): SQL {
    const refusals: SQL[] = [];
    const duplicate = this.duplicateCondition(articleOf, input.email, input.name, input.bodySource);
    if (guard.duplicate && duplicate) refusals.push(sql`exists (select 1 from ${comments} where ${duplicate})`);
    const flood = guard.floodSince === null ? undefined : this.floodCondition(input.siteId, input.email, input.ip, guard.floodSince);
    if (flood) refusals.push(sql`exists (select 1 from ${comments} where ${flood})`);
    return refusals.length > 0 ? sql.join(refusals, sql` or `) : sql`0`;
  }

  async insertComment(input: NewComment, guard: InsertGuard): Promise<InsertResult> {
    const articleOf = articleOfComment(input);
    const refused = this.refusedBy(input, guard, articleOf);

    const [, inserted = [], [commentRaw] = [], [articleRaw] = []] = await this.batch([
      // The article, made or filled in only if the comment will be written (a refused post changes nothing).
      sql`insert into ${articles} (site_id, key, url, title, first_comment_at)
        select ${input.siteId}, ${input.articleKey}, ${input.articleUrl}, ${input.articleTitle}, ${input.createdAt} where not (${refused})
        on conflict (site_id, key) do update set url = coalesce(${articles.url}, excluded.url),
          title = coalesce(${articles.title}, excluded.title), first_comment_at = coalesce(${articles.firstCommentAt}, excluded.first_comment_at)`,
      sql`insert into ${comments} (
          article_id, parent_id, depth, status, reasons, name, email, url, avatar, body_source, html, ip,
          user_agent, moderator, edit_token_hash, created_at, body_hash)
        select ${articleOf}, ${input.parentId}, ${input.depth}, ${input.status}, ${JSON.stringify(input.reasons)},
          ${input.name}, ${input.email}, ${input.url}, ${input.avatar}, ${input.bodySource}, ${input.html}, ${input.ip},
          ${input.userAgent}, ${input.moderator ? 1 : 0}, ${input.editTokenHash}, ${input.createdAt}, ${bodyHash(input.bodySource)}
        where not (${refused})
        returning id`,
      // The new comment and its article, read back in the same batch (used only if the insert took place).
      sql`select * from ${comments} where ${comments.id} = last_insert_rowid()`,
      sql`select * from ${articles} where ${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey}`,
      // Mail about the comment, only if it was written (see mailsOfNewComment).
      ...mailsOfNewComment(input, articleOf),
      // Its webhook events, the same way (an insert of them that fails undoes the whole batch).
      ...eventsOfNewComment(input, articleOf),
      // A refused first comment must not leave its new article behind.
      sql`delete from ${articles} where ${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey}
        and ${articles.firstCommentAt} = ${input.createdAt}
        and not exists (select 1 from ${comments} where ${comments.articleId} = ${articles.id})`,
    ]);
    return this.inserted(input, guard, inserted[0]?.id, commentRaw, articleRaw);
  }

  /** What an insert batch did: the comment it wrote (read back in the batch if it could be), or why its guard refused it. */
  protected async inserted(
    input: NewComment,
    guard: InsertGuard,
    id: unknown,
    commentRaw: Record<string, unknown> | undefined,
    articleRaw: Record<string, unknown> | undefined,
  ): Promise<InsertResult> {
    if (typeof id !== 'number') {
      // Say why, the way the guard saw it (a refused insert changed nothing).
      const history = await this.authorHistory({
        siteId: input.siteId,
        articleId: (await this.getArticle(input.siteId, input.articleKey))?.id ?? null,
        name: input.name,
        email: input.email,
        ip: input.ip,
        bodySource: input.bodySource,
        floodSince: guard.floodSince,
      });
      if (guard.duplicate && history.duplicate) return { ok: false, reason: 'duplicate' };
      return { ok: false, reason: 'flood', lastAt: history.lastCommentAt ?? input.createdAt };
    }
    if (commentRaw?.id === id && articleRaw) return { ok: true, comment: fromRaw(comments, commentRaw), article: fromRaw(articles, articleRaw) };
    const found = await this.findComment(id);
    if (!found) throw new Error('a comment vanished right after it was inserted');
    return { ok: true, comment: found.comment, article: found.article };
  }

  async updateBody(id: number, change: { bodySource: string; html: string; editedAt: number }): Promise<CommentRow | null> {
    return (await this.db.update(comments).set(change).where(eq(comments.id, id)).returning().get()) ?? null;
  }

  async deleteComment(id: number, events: NewOutboxEvent[] = []): Promise<'removed' | 'scrubbed' | 'missing'> {
    const hasReplies = sql`exists (select 1 from ${comments} as reply where reply.parent_id = ${id})`;
    // First in the batch, while the comment is still there: its events only if it exists.
    const announce = events.map(
      (e) => sql`insert into webhook_outbox (event_id, site_id, url, payload, attempts, next_attempt_at, created_at)
        select ${e.eventId}, ${e.siteId}, ${e.url}, ${e.payload}, 0, ${e.createdAt}, ${e.createdAt}
        where exists (select 1 from ${comments} where ${comments.id} = ${id})`,
    );
    const results = await this.batch([
      ...announce,
      this.db
        .update(comments)
        .set({ deleted: true, name: '', email: '', url: null, avatar: '', bodySource: '', html: '', ip: null, userAgent: null, editTokenHash: null })
        .where(and(eq(comments.id, id), hasReplies))
        .returning({ id: comments.id }),
      this.db.delete(comments).where(and(eq(comments.id, id), sql`not ${hasReplies}`)).returning({ id: comments.id }),
    ]);
    const [scrubbed = [], removed = []] = results.slice(announce.length);
    if (scrubbed.length > 0) return 'scrubbed';
    return removed.length > 0 ? 'removed' : 'missing';
  }
}
