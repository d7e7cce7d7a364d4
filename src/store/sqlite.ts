// CommentStore on better-sqlite3 through Drizzle (Node only). Writes run in IMMEDIATE
// transactions, so a check and the write it guards cannot interleave with another writer. The hot
// queries are prepared once (sqlite-statements.ts), and new comments are committed in groups.
import { eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { settingsFromJson, type SiteSettings } from '../comments/settings.js';
import { articles, comments, sites, type ArticleRow } from '../db/schema.js';
import { newWebhookSecret } from '../moderation/webhooks.js';
import { insertMailsQuery } from './mail-queries.js';
import { bodyHash } from './body-hash.js';
import { filledEvents } from './new-comment-events.js';
import { insertEventsQuery, toSite } from './queries.js';
import { SearchIndexer } from './sqlite-fts.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';
import { APPROVED_SHAPE_SQL, RowMemo } from './sqlite-row-memo.js';
import { APPROVED_ROWS_SQL, PAGE_FROM_ROWS, pageStatement } from './thread-page.js';
import type { ApprovedPage, ApprovedPageQuery, AuthorHistory, AuthorQuery, CommentStore, InsertGuard, InsertResult, NewComment, NewOutboxEvent, Site, SiteArticle } from './types.js';

export type Db = BetterSQLite3Database<Record<string, never>> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface QueuedInsert {
  input: NewComment;
  guard: InsertGuard;
  resolve: (result: InsertResult) => void;
  reject: (error: unknown) => void;
}

export class SqliteCommentStore implements CommentStore {
  private readonly statements: Statements;
  private queued: QueuedInsert[] = [];
  /** Fills the search index behind the writer (sqlite-fts.ts). */
  readonly search: SearchIndexer;
  /** Group commit sizes: how many comments each transaction (one commit, one WAL sync) carried → how many times. */
  readonly groupCommits = new Map<number, number>();

  /** Thread rows kept by version (sqlite-row-memo.ts): a render reads only the index for those. */
  private readonly rowMemo: RowMemo;

  /** Runs `write` in a savepoint (better-sqlite3 makes a nested transaction one): it rolls back alone. */
  private readonly savepoint: (write: () => void) => void;

  constructor(protected readonly db: Db) {
    this.statements = prepareStatements(db);
    this.savepoint = db.$client.transaction((write: () => void) => write());
    this.rowMemo = new RowMemo(db.$client);
    this.search = new SearchIndexer(db.$client);
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
      lastCommentAt: query.floodSince === null ? null : this.lastCommentAt(query.siteId, query.email, query.ip, query.floodSince),
      duplicate: query.articleId !== null && this.isDuplicate(query.articleId, query.email, query.name, query.bodySource),
    }));
  }

  /** The latest comment on the site by this email or (anonymised) IP since `since`; moderators' replies do not count. */
  private lastCommentAt(siteId: number, email: string, ip: string | null, since: number): number | null {
    if (!email && !ip) return null;
    const last = this.statements.lastByEmailOrIp.get({ email: email ? email.toLowerCase() : null, ip: ip || null, since, siteId });
    return last?.at ?? null;
  }

  /** The same author (email, else name) already said exactly this on the article (trash aside). */
  private isDuplicate(articleId: number, email: string, name: string, bodySource: string): boolean {
    return email
      ? this.statements.duplicateByEmail({ articleId, email: email.toLowerCase(), bodyHash: bodyHash(bodySource), bodySource })
      : this.statements.duplicateByName({ articleId, name, bodySource });
  }

  /**
   * Group commit: comments that arrive while the event loop is busy are written in one IMMEDIATE
   * transaction on its next turn, each in its own savepoint and each with its guard checked in
   * arrival order. A commit (its WAL writes and locks) costs far more than the insert itself.
   */
  insertComment(input: NewComment, guard: InsertGuard): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.queued.push({ input, guard, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    const batch = this.queued;
    this.queued = [];
    const outcomes: Array<{ ok: true; result: InsertResult } | { ok: false; error: unknown }> = [];
    // The articles this transaction wrote or read, as they are now: the next comment on the same
    // article need not read it again (only this transaction writes, and only successful comments
    // are remembered, so a comment rolled back leaves nothing here that the database does not hold).
    const articlesSeen = new Map<string, ArticleRow>();
    try {
      this.db.$client
        .transaction(() => {
          for (const item of batch) {
            const key = `${item.input.siteId}\n${item.input.articleKey}`;
            try {
              const result = this.insertNow(item.input, item.guard, articlesSeen.get(key));
              if (result.ok) articlesSeen.set(key, result.article);
              outcomes.push({ ok: true, result });
            } catch (error) {
              // An I/O or memory error can make SQLite roll the whole transaction back: then nothing
              // of the group is stored, and the rest must not run outside a transaction.
              if (!this.db.$client.inTransaction) throw error;
              articlesSeen.delete(key);
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    this.groupCommits.set(batch.length, (this.groupCommits.get(batch.length) ?? 0) + 1);
    this.search.added(outcomes.filter((o) => o.ok && o.result.ok).length);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.result);
      else item.reject(outcome?.error ?? new Error('comment was not written'));
    });
  }

  /**
   * One comment inside the group's transaction: its guard, then its writes. A comment that writes
   * more than one statement (a new or filled-in article, mail, webhook events) writes them in its own
   * savepoint, so one that fails rolls back alone; a lone INSERT needs none (SQLite undoes a failed
   * statement by itself), which spares the common case two statements.
   */
  private insertNow(input: NewComment, guard: InsertGuard, known?: ArticleRow): InsertResult {
    let article: ArticleRow | undefined = known ?? this.statements.articleByKey({ siteId: input.siteId, key: input.articleKey });

    if (article && guard.duplicate && this.isDuplicate(article.id, input.email, input.name, input.bodySource)) {
      return { ok: false, reason: 'duplicate' };
    }
    if (guard.floodSince !== null) {
      const lastAt = this.lastCommentAt(input.siteId, input.email, input.ip, guard.floodSince);
      if (lastAt !== null) return { ok: false, reason: 'flood', lastAt };
    }

    // What a cached page shows of the article changes only when it is created or filled in here.
    const fillIn = article !== undefined && Boolean((!article.url && input.articleUrl) || (!article.title && input.articleTitle) || !article.firstCommentAt);
    const articleChanged = article === undefined || fillIn;
    const alone = !articleChanged && !input.mails?.length && !input.events?.length;
    let written: InsertResult | undefined;
    const write = () => {
      written = this.writeNow(input, article, fillIn, articleChanged);
    };
    if (alone) write();
    else this.savepoint(write);
    if (!written) throw new Error('the comment was not written');
    return written;
  }

  private writeNow(input: NewComment, found: ArticleRow | undefined, fillIn: boolean, articleChanged: boolean): InsertResult {
    let article = found;
    if (!article) {
      article = this.statements.insertArticle.get({
        siteId: input.siteId,
        key: input.articleKey,
        url: input.articleUrl,
        title: input.articleTitle,
        firstCommentAt: input.createdAt,
      });
    } else if (fillIn) {
      article = this.db
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

    const comment = this.statements.insertComment({
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
      bodyHash: bodyHash(input.bodySource),
    });
    if (!comment) throw new Error('the comment insert returned no row');
    // Mail about the comment commits (or rolls back) with it.
    insertMailsQuery(this.db, input.mails, comment.id)?.run();
    // So do its webhook events (one that cannot be stored undoes the comment: its savepoint rolls back).
    if (input.events && input.events.length > 0) {
      insertEventsQuery(this.db, filledEvents(input.events, { id: comment.id, articleUrl: article.url, articleTitle: article.title }))?.run();
    }
    return { ok: true, comment, article, articleChanged };
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
