// CommentStore on better-sqlite3 through Drizzle (Node only). Writes run in IMMEDIATE
// transactions, so a check and the write it guards cannot interleave with another writer.
import { and, asc, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { settingsFromJson, type SiteSettings } from '../comments/settings.js';
import { articles, comments, sites, type SiteRow } from '../db/schema.js';
import type { AuthorHistory, AuthorQuery, CommentStore, InsertGuard, InsertResult, NewComment, Site } from './types.js';

export type Db = BetterSQLite3Database<Record<string, never>>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const toSite = (row: SiteRow): Site => ({
  id: row.id,
  slug: row.slug,
  settings: settingsFromJson(row.settings),
  webhookSecret: row.webhookSecret,
});

export class SqliteCommentStore implements CommentStore {
  constructor(protected readonly db: Db) {}

  async ping(): Promise<void> {
    this.db.get(sql`select 1`);
  }

  async getSite(slug: string): Promise<Site | null> {
    const row = this.db.select().from(sites).where(eq(sites.slug, slug)).get();
    return row ? toSite(row) : null;
  }

  async saveSite(slug: string, settings: SiteSettings, now: number): Promise<{ site: Site; created: boolean }> {
    return this.db.transaction(
      (tx) => {
        const existing = tx.select({ id: sites.id, webhookSecret: sites.webhookSecret }).from(sites).where(eq(sites.slug, slug)).get();
        const json = JSON.stringify(settings);
        if (existing) {
          tx.update(sites).set({ settings: json }).where(eq(sites.id, existing.id)).run();
          return { site: { id: existing.id, slug, settings, webhookSecret: existing.webhookSecret }, created: false };
        }
        const row = tx.insert(sites).values({ slug, settings: json, createdAt: now }).returning().get();
        return { site: toSite(row), created: true };
      },
      { behavior: 'immediate' },
    );
  }

  async allOrigins(): Promise<string[]> {
    const rows = this.db.select({ settings: sites.settings }).from(sites).all();
    return [...new Set(rows.flatMap((r) => settingsFromJson(r.settings).origins))];
  }

  async getArticle(siteId: number, key: string) {
    return this.db.select().from(articles).where(and(eq(articles.siteId, siteId), eq(articles.key, key))).get() ?? null;
  }

  async findComment(id: number) {
    const row = this.db
      .select({ comment: comments, article: articles, site: sites })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .innerJoin(sites, eq(sites.id, articles.siteId))
      .where(eq(comments.id, id))
      .get();
    return row ? { comment: row.comment, article: row.article, site: toSite(row.site) } : null;
  }

  async listApproved(articleId: number) {
    return this.db
      .select()
      .from(comments)
      .where(and(eq(comments.articleId, articleId), eq(comments.status, 'approved')))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .all();
  }

  async countApproved(siteId: number, keys: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (keys.length === 0) return counts;
    const rows = this.db
      .select({ key: articles.key, count: sql<number>`count(${comments.id})` })
      .from(articles)
      .leftJoin(
        comments,
        and(eq(comments.articleId, articles.id), eq(comments.status, 'approved'), eq(comments.deleted, false)),
      )
      .where(and(eq(articles.siteId, siteId), inArray(articles.key, keys)))
      .groupBy(articles.id)
      .all();
    for (const row of rows) counts.set(row.key, row.count);
    return counts;
  }

  async authorHistory(query: AuthorQuery): Promise<AuthorHistory> {
    return {
      hasApprovedComment: query.email !== '' && this.hasApprovedComment(this.db, query.siteId, query.email),
      lastCommentAt: query.floodSince === null ? null : this.lastCommentAt(this.db, query.email, query.ip, query.floodSince),
      duplicate: query.articleId !== null && this.isDuplicate(this.db, query.articleId, query.email, query.name, query.bodySource),
    };
  }

  private hasApprovedComment(db: Db | Tx, siteId: number, email: string): boolean {
    const row = db
      .select({ id: comments.id })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(
        and(sql`lower(${comments.email}) = ${email.toLowerCase()}`, eq(comments.status, 'approved'), eq(articles.siteId, siteId)),
      )
      .limit(1)
      .get();
    return row !== undefined;
  }

  /** The latest comment by this email or (anonymised) IP since `since`; moderators' replies do not count. */
  private lastCommentAt(db: Db | Tx, email: string, ip: string | null, since: number): number | null {
    const sameAuthor = [
      email ? sql`lower(${comments.email}) = ${email.toLowerCase()}` : undefined,
      ip ? eq(comments.ip, ip) : undefined,
    ].filter((c) => c !== undefined);
    if (sameAuthor.length === 0) return null;
    const last = db
      .select({ at: sql<number | null>`max(${comments.createdAt})` })
      .from(comments)
      .where(and(or(...sameAuthor), gte(comments.createdAt, since), eq(comments.moderator, false)))
      .get();
    return last?.at ?? null;
  }

  /** The same author (email, else name) already said exactly this on the article (trash aside). */
  private isDuplicate(db: Db | Tx, articleId: number, email: string, name: string, bodySource: string): boolean {
    const author = email ? sql`lower(${comments.email}) = ${email.toLowerCase()}` : and(eq(comments.email, ''), eq(comments.name, name));
    const row = db
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.articleId, articleId), author, eq(comments.bodySource, bodySource), ne(comments.status, 'trash')))
      .limit(1)
      .get();
    return row !== undefined;
  }

  async insertComment(input: NewComment, guard: InsertGuard): Promise<InsertResult> {
    return this.db.transaction(
      (tx): InsertResult => {
        let article = tx
          .select()
          .from(articles)
          .where(and(eq(articles.siteId, input.siteId), eq(articles.key, input.articleKey)))
          .get();

        if (article && guard.duplicate && this.isDuplicate(tx, article.id, input.email, input.name, input.bodySource)) {
          return { ok: false, reason: 'duplicate' };
        }
        if (guard.floodSince !== null) {
          const lastAt = this.lastCommentAt(tx, input.email, input.ip, guard.floodSince);
          if (lastAt !== null) return { ok: false, reason: 'flood', lastAt };
        }

        if (!article) {
          article = tx
            .insert(articles)
            .values({
              siteId: input.siteId,
              key: input.articleKey,
              url: input.articleUrl,
              title: input.articleTitle,
              firstCommentAt: input.createdAt,
            })
            .returning()
            .get();
        } else if ((!article.url && input.articleUrl) || (!article.title && input.articleTitle) || !article.firstCommentAt) {
          article = tx
            .update(articles)
            .set({
              url: article.url ?? input.articleUrl,
              title: article.title ?? input.articleTitle,
              firstCommentAt: article.firstCommentAt ?? input.createdAt,
            })
            .where(eq(articles.id, article.id))
            .returning()
            .get();
        }
        if (!article) throw new Error('article row vanished inside its transaction');

        const comment = tx
          .insert(comments)
          .values({
            articleId: article.id,
            parentId: input.parentId,
            depth: input.depth,
            status: input.status,
            reasons: JSON.stringify(input.reasons),
            name: input.name,
            email: input.email,
            url: input.url,
            avatar: input.avatar,
            bodySource: input.bodySource,
            html: input.html,
            ip: input.ip,
            userAgent: input.userAgent,
            moderator: input.moderator,
            editTokenHash: input.editTokenHash,
            createdAt: input.createdAt,
          })
          .returning()
          .get();
        return { ok: true, comment, article };
      },
      { behavior: 'immediate' },
    );
  }

  async updateBody(id: number, change: { bodySource: string; html: string; editedAt: number }) {
    return this.db.update(comments).set(change).where(eq(comments.id, id)).returning().get() ?? null;
  }

  async deleteComment(id: number): Promise<'removed' | 'scrubbed' | 'missing'> {
    return this.db.transaction(
      (tx) => {
        const exists = tx.select({ id: comments.id }).from(comments).where(eq(comments.id, id)).get();
        if (!exists) return 'missing' as const;
        const child = tx.select({ id: comments.id }).from(comments).where(eq(comments.parentId, id)).limit(1).get();
        if (!child) {
          tx.delete(comments).where(eq(comments.id, id)).run();
          return 'removed' as const;
        }
        // Keep the row so replies keep their place, but nothing of what the author wrote or who they are.
        tx.update(comments)
          .set({ deleted: true, name: '', email: '', url: null, avatar: '', bodySource: '', html: '', ip: null, userAgent: null, editTokenHash: null })
          .where(eq(comments.id, id))
          .run();
        return 'scrubbed' as const;
      },
      { behavior: 'immediate' },
    );
  }
}
