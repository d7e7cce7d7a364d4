// Group commit for the Node store (src/store/sqlite.ts): comments that arrive while the event loop is
// busy are written in one IMMEDIATE transaction on its next turn, each with its guard (duplicate,
// flood) checked in arrival order against what the comments before it in the group wrote.
import { eq } from 'drizzle-orm';
import { articles, type ArticleRow } from '../db/schema.js';
import { bodyHash } from './body-hash.js';
import { insertMailsQuery } from './mail-queries.js';
import { filledEvents } from './new-comment-events.js';
import { insertEventsQuery } from './queries.js';
import type { Db } from './sqlite.js';
import type { SearchIndexer } from './sqlite-fts.js';
import type { Statements } from './sqlite-statements.js';
import type { InsertGuard, InsertResult, NewComment } from './types.js';

/** The latest comment on the site by this email or (anonymised) IP since `since`; moderators' replies do not count. */
export function lastCommentAt(statements: Statements, siteId: number, email: string, ip: string | null, since: number): number | null {
  if (!email && !ip) return null;
  const last = statements.lastByEmailOrIp.get({ email: email ? email.toLowerCase() : null, ip: ip || null, since, siteId });
  return last?.at ?? null;
}

/** The same author (email, else name) already said exactly this on the article (trash aside). */
export function isDuplicate(statements: Statements, articleId: number, email: string, name: string, bodySource: string): boolean {
  return email
    ? statements.duplicateByEmail({ articleId, email: email.toLowerCase(), bodyHash: bodyHash(bodySource), bodySource })
    : statements.duplicateByName({ articleId, name, bodySource });
}

interface QueuedInsert {
  input: NewComment;
  guard: InsertGuard;
  resolve: (result: InsertResult) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queued: QueuedInsert[] = [];
  /** How many comments each transaction (one commit, one WAL sync) carried → how many times. */
  readonly sizes = new Map<number, number>();
  /** Runs `write` in a savepoint (better-sqlite3 makes a nested transaction one): it rolls back alone. */
  private readonly savepoint: (write: () => void) => void;

  constructor(
    private readonly db: Db,
    private readonly statements: Statements,
    private readonly search: SearchIndexer,
  ) {
    this.savepoint = db.$client.transaction((write: () => void) => write());
  }

  /**
   * Group commit: comments that arrive while the event loop is busy are written in one IMMEDIATE
   * transaction on its next turn, each with its guard checked in arrival order; a comment that writes
   * more than its INSERT (its article, mail, events) does so in its own savepoint, so it rolls back
   * alone. A commit (its WAL writes and locks) costs far more than the insert itself.
   */
  insert(input: NewComment, guard: InsertGuard): Promise<InsertResult> {
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
    this.sizes.set(batch.length, (this.sizes.get(batch.length) ?? 0) + 1);
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
    const article: ArticleRow | undefined = known ?? this.statements.articleByKey({ siteId: input.siteId, key: input.articleKey });

    if (article && guard.duplicate && isDuplicate(this.statements, article.id, input.email, input.name, input.bodySource)) {
      return { ok: false, reason: 'duplicate' };
    }
    if (guard.floodSince !== null) {
      const lastAt = lastCommentAt(this.statements, input.siteId, input.email, input.ip, guard.floodSince);
      if (lastAt !== null) return { ok: false, reason: 'flood', lastAt };
    }

    // What a cached page shows of the article changes only when it is created or filled in here.
    const fillIn = article !== undefined && Boolean((!article.url && input.articleUrl) || (!article.title && input.articleTitle) || !article.firstCommentAt);
    const articleChanged = article === undefined || fillIn;
    // A comment whose only write is its INSERT runs that one statement and nothing else: SQLite undoes
    // a failed statement by itself, so it needs no savepoint. Every other write belongs in the branch below.
    if (article && !articleChanged && !input.mails?.length && !input.events?.length) {
      return { ok: true, comment: this.insertRow(input, article.id), article, articleChanged };
    }
    let written: InsertResult | undefined;
    this.savepoint(() => {
      const row = this.writeArticle(input, article, fillIn);
      const comment = this.insertRow(input, row.id);
      // Mail about the comment commits (or rolls back) with it.
      insertMailsQuery(this.db, input.mails, comment.id)?.run();
      // So do its webhook events (one that cannot be stored undoes the comment: its savepoint rolls back).
      if (input.events && input.events.length > 0) {
        insertEventsQuery(this.db, filledEvents(input.events, { id: comment.id, articleUrl: row.url, articleTitle: row.title }))?.run();
      }
      written = { ok: true, comment, article: row, articleChanged };
    });
    if (!written) throw new Error('the comment was not written');
    return written;
  }

  /** The comment's article as it must be for this comment: created, filled in, or as found. */
  private writeArticle(input: NewComment, found: ArticleRow | undefined, fillIn: boolean): ArticleRow {
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
    return article;
  }

  /** The one INSERT … RETURNING of a comment. */
  private insertRow(input: NewComment, articleId: number) {
    const comment = this.statements.insertComment({
      articleId,
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
    return comment;
  }
}
