// CommentStore on better-sqlite3 through Drizzle (Node only). Writes run in IMMEDIATE
// transactions, so a check and the write it guards cannot interleave with another writer. The hot
// queries are prepared once (sqlite-statements.ts), and new comments are committed in groups.
import { eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { settingsFromJson, type SiteSettings } from '../comments/settings.js';
import { comments, sites } from '../db/schema.js';
import { newWebhookSecret } from '../moderation/webhooks.js';
import { insertEventsQuery, toSite } from './queries.js';
import { SearchIndexer } from './sqlite-fts.js';
import { GroupCommit, isDuplicate, lastCommentAt } from './sqlite-group-commit.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';
import { APPROVED_SHAPE_SQL, RowMemo } from './sqlite-row-memo.js';
import { APPROVED_ROWS_SQL, PAGE_FROM_ROWS, pageStatement } from './thread-page.js';
import type { ApprovedPage, ApprovedPageQuery, AuthorHistory, AuthorQuery, CommentStore, InsertGuard, InsertResult, NewComment, NewOutboxEvent, Site, SiteArticle } from './types.js';

export type Db = BetterSQLite3Database<Record<string, never>> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export class SqliteCommentStore implements CommentStore {
  private readonly statements: Statements;
  /** Fills the search index behind the writer (sqlite-fts.ts). */
  readonly search: SearchIndexer;
  private readonly writer: GroupCommit;

  /** Thread rows kept by version (sqlite-row-memo.ts): a render reads only the index for those. */
  private readonly rowMemo: RowMemo;

  /** Group commit sizes: how many comments each transaction (one commit, one WAL sync) carried → how many times. */
  get groupCommits(): Map<number, number> {
    return this.writer.sizes;
  }

  constructor(protected readonly db: Db) {
    this.statements = prepareStatements(db);
    this.rowMemo = new RowMemo(db.$client);
    this.search = new SearchIndexer(db.$client);
    this.writer = new GroupCommit(db, this.statements, this.search);
  }

  async ping(): Promise<void> {
    this.db.get(sql`select 1`);
  }

  async getSite(slug: string): Promise<Site | null> {
    const row = this.statements.siteBySlug.get({ slug });
    return row ? toSite(row) : null;
  }

  async saveSite(slug: string, settings: SiteSettings, now: number): Promise<{ site: Site; created: boolean }> {
    return this.db.transaction(
      (tx) => {
        const existing = tx.select({ id: sites.id, webhookSecret: sites.webhookSecret }).from(sites).where(eq(sites.slug, slug)).get();
        const json = JSON.stringify(settings);
        if (existing) {
          // A site saved before it had a secret gets one now, so that reading it never has to write.
          const webhookSecret = existing.webhookSecret ?? newWebhookSecret();
          tx.update(sites).set({ settings: json, webhookSecret }).where(eq(sites.id, existing.id)).run();
          return { site: { id: existing.id, slug, settings, webhookSecret }, created: false };
        }
        const row = tx.insert(sites).values({ slug, settings: json, createdAt: now, webhookSecret: newWebhookSecret() }).returning().get();
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
    return this.statements.articleByKey({ siteId, key }) ?? null;
  }

  async siteArticle(slug: string, key: string): Promise<SiteArticle | null> {
    // Two prepared statements cost no more than a join here (no round trips), and the response
    // cache's decorator answers the site from memory (src/cache/invalidating-store.ts).
    const site = await this.getSite(slug);
    return site ? { site, article: await this.getArticle(site.id, key) } : null;
  }

  async findComment(id: number) {
    const row = this.statements.commentWithArticle.get({ id });
    return row ? { comment: row.comment, article: row.article, site: toSite(row.site) } : null;
  }

  async listApproved(articleId: number) {
    const shape = this.pageStatement(APPROVED_SHAPE_SQL).pluck().get(articleId) as string | null;
    return this.rowMemo.rows(shape === null ? [] : (JSON.parse(shape) as number[]));
  }

  private readonly pageStatements = new Map<string, Database.Statement>();

  private pageStatement(text: string): Database.Statement {
    let statement = this.pageStatements.get(text);
    if (!statement) this.pageStatements.set(text, (statement = this.db.$client.prepare(text)));
    return statement;
  }

  async approvedPage(articleId: number, query: ApprovedPageQuery): Promise<ApprovedPage> {
    // No transaction needed: the count only picks the path, and the page carries its own count.
    const total = (this.pageStatement(APPROVED_ROWS_SQL).get(articleId) as { n: number }).n;
    if (total < PAGE_FROM_ROWS) {
      const rows = await this.listApproved(articleId);
      return { rows, roots: rows.length, asked: query.roots, count: rows.reduce((n, r) => n + (r.deleted ? 0 : 1), 0), whole: true, anchor: null };
    }
    // One row: the page's `[id, version, …]` as one JSON text, then roots, shown, asked, anchor.
    const { text, params } = pageStatement(articleId, query, true);
    const [shape, roots, shown, asked, anchor] = this.pageStatement(text).raw().get(...params) as [string | null, number, number, number, number | null];
    return {
      rows: this.rowMemo.rows(shape === null ? [] : (JSON.parse(shape) as number[])),
      roots,
      asked,
      count: shown,
      whole: false,
      anchor,
    };
  }

  async countApproved(siteId: number, keys: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (keys.length === 0) return counts;
    for (const row of this.statements.countsByKeys.all({ siteId, keys: JSON.stringify(keys) })) counts.set(row.key, row.count);
    return counts;
  }

  async authorHistory(query: AuthorQuery): Promise<AuthorHistory> {
    // One read transaction for the three questions: one read lock instead of three.
    return this.db.transaction((): AuthorHistory => ({
      hasApprovedComment:
        query.email !== '' && this.statements.approvedByEmail.get({ email: query.email.toLowerCase(), siteId: query.siteId }) !== undefined,
      lastCommentAt: query.floodSince === null ? null : lastCommentAt(this.statements, query.siteId, query.email, query.ip, query.floodSince),
      duplicate: query.articleId !== null && isDuplicate(this.statements, query.articleId, query.email, query.name, query.bodySource),
    }));
  }

  /**
   * Group commit (sqlite-group-commit.ts): comments that arrive while the event loop is busy are
   * written in one IMMEDIATE transaction on its next turn.
   */
  insertComment(input: NewComment, guard: InsertGuard): Promise<InsertResult> {
    return this.writer.insert(input, guard);
  }

  async updateBody(id: number, change: { bodySource: string; html: string; editedAt: number }) {
    return this.db.update(comments).set(change).where(eq(comments.id, id)).returning().get() ?? null;
  }

  async deleteComment(id: number, events?: NewOutboxEvent[]): Promise<'removed' | 'scrubbed' | 'missing'> {
    return this.db.transaction(
      (tx) => {
        const exists = tx.select({ id: comments.id }).from(comments).where(eq(comments.id, id)).get();
        if (!exists) return 'missing' as const;
        insertEventsQuery(tx, events)?.run();
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
