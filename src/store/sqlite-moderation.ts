// The moderation, auth and webhook-outbox parts of the better-sqlite3 store.
import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { apiTokens, articles, auditLog, comments, loginAttempts, meta, moderators, sessions, sites, webhookOutbox } from '../db/schema.js';
import { SqliteCommentStore, toSite, type Tx } from './sqlite.js';
import type { AdminCommentFilter, AdminCommentRow, AuditRow, CommentChange, CommentRow, CommentStatus, NewAudit, NewOutboxEvent, Site, Store } from './types.js';

const parents = alias(comments, 'parent');

function auditValues(entry: NewAudit, comment: { id: number } | null, siteId: number | null, from: string | null, to: string | null) {
  return {
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    commentId: comment?.id ?? null,
    siteId,
    fromStatus: from,
    toStatus: to,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    at: entry.at,
  };
}

export class SqliteStore extends SqliteCommentStore implements Store {
  // ---- the queue --------------------------------------------------------------------------

  private adminQuery(where: SQL | undefined) {
    return this.db
      .select({
        comment: comments,
        article: articles,
        siteSlug: sites.slug,
        parentId: parents.id,
        parentName: parents.name,
        parentHtml: parents.html,
        parentStatus: parents.status,
      })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .innerJoin(sites, eq(sites.id, articles.siteId))
      .leftJoin(parents, eq(parents.id, comments.parentId))
      .where(where);
  }

  private static toAdminRow(row: {
    comment: CommentRow;
    article: AdminCommentRow['article'];
    siteSlug: string;
    parentId: number | null;
    parentName: string | null;
    parentHtml: string | null;
    parentStatus: CommentStatus | null;
  }): AdminCommentRow {
    return {
      comment: row.comment,
      article: row.article,
      siteSlug: row.siteSlug,
      parent:
        row.parentId === null
          ? null
          : { id: row.parentId, name: row.parentName ?? '', html: row.parentHtml ?? '', status: row.parentStatus ?? 'pending' },
    };
  }

  /** The queue query, prepared once per shape of filter (which of status, site, article, search, cursor are set). */
  private readonly queueQueries = new Map<string, ReturnType<SqliteStore['prepareQueue']>>();

  private prepareQueue(filter: AdminCommentFilter) {
    const p = sql.placeholder;
    const conditions: Array<SQL | undefined> = [
      filter.status ? eq(comments.status, p('status')) : undefined,
      filter.siteId !== undefined ? eq(articles.siteId, p('siteId')) : undefined,
      filter.articleKey !== undefined ? eq(articles.key, p('articleKey')) : undefined,
      filter.match ? sql`${comments.id} in (select rowid from comments_fts where comments_fts match ${p('match')})` : undefined,
      // (created_at, id) < (X, Y), spelt so that the index can start at X instead of scanning from the newest.
      filter.before
        ? and(lte(comments.createdAt, p('beforeAt')), or(lt(comments.createdAt, p('beforeAt')), lt(comments.id, p('beforeId'))))
        : undefined,
    ];
    return this.adminQuery(and(...conditions.filter((c) => c !== undefined)))
      .orderBy(desc(comments.createdAt), desc(comments.id))
      .limit(p('limit'))
      .prepare();
  }

  async listComments(filter: AdminCommentFilter): Promise<AdminCommentRow[]> {
    // The same tests as prepareQueue's, so that one shape always means one SQL text.
    const shape = [!!filter.status, filter.siteId !== undefined, filter.articleKey !== undefined, !!filter.match, !!filter.before]
      .map((set) => (set ? '+' : '-'))
      .join('');
    let query = this.queueQueries.get(shape);
    if (!query) this.queueQueries.set(shape, (query = this.prepareQueue(filter)));
    const rows = query.all({
      status: filter.status,
      siteId: filter.siteId,
      articleKey: filter.articleKey,
      match: filter.match,
      beforeAt: filter.before?.createdAt,
      beforeId: filter.before?.id,
      limit: filter.limit,
    });
    return rows.map(SqliteStore.toAdminRow);
  }

  async getAdminComment(id: number): Promise<AdminCommentRow | null> {
    const row = this.adminQuery(eq(comments.id, id)).get();
    return row ? SqliteStore.toAdminRow(row) : null;
  }

  private siteOf(tx: Tx, articleId: number): number | null {
    return tx.select({ siteId: articles.siteId }).from(articles).where(eq(articles.id, articleId)).get()?.siteId ?? null;
  }

  async changeComment(id: number, change: CommentChange, audit: NewAudit) {
    return this.db.transaction(
      (tx) => {
        const before = tx.select().from(comments).where(eq(comments.id, id)).get();
        if (!before) return null;
        const after = tx.update(comments).set(change).where(eq(comments.id, id)).returning().get();
        if (!after) return null;
        tx.insert(auditLog)
          .values(auditValues(audit, before, this.siteOf(tx, before.articleId), before.status, after.status))
          .run();
        return { before, after };
      },
      { behavior: 'immediate' },
    );
  }

  async purgeComment(id: number, audit: NewAudit): Promise<CommentRow | null> {
    return this.db.transaction(
      (tx) => {
        const row = tx.select().from(comments).where(eq(comments.id, id)).get();
        if (!row) return null;
        // Replies move up one level, to the deleted comment's parent, as in WordPress.
        tx.run(sql`update comments set depth = depth - 1 where id in (
          with recursive subtree(id) as (
            select id from comments where parent_id = ${id}
            union all select c.id from comments c join subtree s on c.parent_id = s.id
          ) select id from subtree)`);
        tx.update(comments).set({ parentId: row.parentId }).where(eq(comments.parentId, id)).run();
        tx.delete(comments).where(eq(comments.id, id)).run();
        tx.insert(auditLog).values(auditValues(audit, row, this.siteOf(tx, row.articleId), row.status, null)).run();
        return row;
      },
      { behavior: 'immediate' },
    );
  }

  async recordAudit(entry: NewAudit & { commentId: number | null; siteId: number | null; fromStatus?: string | null; toStatus?: string | null }) {
    this.db
      .insert(auditLog)
      .values(auditValues(entry, entry.commentId === null ? null : { id: entry.commentId }, entry.siteId, entry.fromStatus ?? null, entry.toStatus ?? null))
      .run();
  }

  async listAudit(query: { beforeId?: number; limit: number }): Promise<AuditRow[]> {
    return this.db
      .select()
      .from(auditLog)
      .where(query.beforeId !== undefined ? lt(auditLog.id, query.beforeId) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(query.limit)
      .all();
  }

  async stats() {
    return this.db
      .select({ site: sites.slug, status: comments.status, count: sql<number>`count(*)` })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .innerJoin(sites, eq(sites.id, articles.siteId))
      .where(eq(comments.deleted, false))
      .groupBy(sites.slug, comments.status)
      .all();
  }

  async listSites(): Promise<Site[]> {
    return this.db.select().from(sites).orderBy(asc(sites.slug)).all().map(toSite);
  }

  async setWebhookSecret(siteId: number, secret: string) {
    this.db.update(sites).set({ webhookSecret: secret }).where(eq(sites.id, siteId)).run();
  }

  // ---- moderators, tokens, sessions -------------------------------------------------------

  async upsertModerator(email: string, name: string, passwordHash: string, now: number) {
    const lower = email.toLowerCase();
    return this.db.transaction(
      (tx) => {
        const existing = tx.select().from(moderators).where(eq(moderators.email, lower)).get();
        if (existing) {
          const moderator = tx.update(moderators).set({ name, passwordHash }).where(eq(moderators.id, existing.id)).returning().get();
          return { moderator: moderator ?? existing, created: false };
        }
        const moderator = tx.insert(moderators).values({ email: lower, name, passwordHash, createdAt: now }).returning().get();
        return { moderator, created: true };
      },
      { behavior: 'immediate' },
    );
  }

  async findModeratorByEmail(email: string) {
    return this.db.select().from(moderators).where(eq(moderators.email, email.toLowerCase())).get() ?? null;
  }

  async listModerators() {
    return this.db.select().from(moderators).orderBy(asc(moderators.id)).all();
  }

  async createApiToken(name: string, tokenHash: string, now: number) {
    const row = this.db
      .insert(apiTokens)
      .values({ name, tokenHash, createdAt: now })
      .onConflictDoNothing({ target: apiTokens.name })
      .returning({ id: apiTokens.id })
      .get();
    return row ?? null;
  }

  async revokeApiToken(nameOrId: string) {
    const byId = /^\d+$/.test(nameOrId) ? eq(apiTokens.id, Number(nameOrId)) : undefined;
    const result = this.db.delete(apiTokens).where(or(eq(apiTokens.name, nameOrId), byId)).run();
    return result.changes > 0;
  }

  async listApiTokens() {
    return this.db
      .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .orderBy(asc(apiTokens.id))
      .all();
  }

  async findApiToken(tokenHash: string, now: number) {
    const row = this.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(eq(apiTokens.tokenHash, tokenHash))
      .returning({ id: apiTokens.id, name: apiTokens.name })
      .get();
    return row ?? null;
  }

  async createSession(session: { id: string; moderatorId: number; csrfToken: string; createdAt: number; expiresAt: number }) {
    this.db.transaction((tx) => {
      tx.delete(sessions).where(lte(sessions.expiresAt, session.createdAt)).run();
      tx.insert(sessions).values(session).run();
    });
  }

  async findSession(id: string, now: number) {
    const row = this.db
      .select({ csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt, moderator: moderators })
      .from(sessions)
      .innerJoin(moderators, eq(moderators.id, sessions.moderatorId))
      .where(and(eq(sessions.id, id), gte(sessions.expiresAt, now)))
      .get();
    return row ?? null;
  }

  async deleteSession(id: string) {
    this.db.delete(sessions).where(eq(sessions.id, id)).run();
  }

  async loginFailures(keys: string[], since: number) {
    if (keys.length === 0) return 0;
    const row = this.db
      .select({ failures: sql<number | null>`max(${loginAttempts.failures})` })
      .from(loginAttempts)
      .where(and(inArray(loginAttempts.key, keys), gte(loginAttempts.windowStart, since)))
      .get();
    return row?.failures ?? 0;
  }

  async recordLoginFailure(keys: string[], now: number, since: number) {
    this.db.transaction(
      (tx) => {
        for (const key of keys) {
          tx.insert(loginAttempts)
            .values({ key, failures: 1, windowStart: now })
            .onConflictDoUpdate({
              target: loginAttempts.key,
              // A window that has run out starts again at one failure.
              set: {
                failures: sql`case when ${loginAttempts.windowStart} < ${since} then 1 else ${loginAttempts.failures} + 1 end`,
                windowStart: sql`case when ${loginAttempts.windowStart} < ${since} then ${now} else ${loginAttempts.windowStart} end`,
              },
            })
            .run();
        }
      },
      { behavior: 'immediate' },
    );
  }

  async clearLoginFailures(keys: string[]) {
    if (keys.length > 0) this.db.delete(loginAttempts).where(inArray(loginAttempts.key, keys)).run();
  }

  // ---- webhook outbox ---------------------------------------------------------------------

  async enqueueWebhooks(events: NewOutboxEvent[]) {
    if (events.length === 0) return;
    this.db
      .insert(webhookOutbox)
      .values(events.map((e) => ({ ...e, nextAttemptAt: e.createdAt })))
      .run();
  }

  async claimDueWebhooks(now: number, limit: number, lockMs: number) {
    return this.db.transaction(
      (tx) => {
        const due = tx
          .select()
          .from(webhookOutbox)
          .where(
            and(
              isNull(webhookOutbox.deliveredAt),
              isNull(webhookOutbox.failedAt),
              lte(webhookOutbox.nextAttemptAt, now),
              or(isNull(webhookOutbox.lockedUntil), lte(webhookOutbox.lockedUntil, now)),
            ),
          )
          .orderBy(asc(webhookOutbox.nextAttemptAt))
          .limit(limit)
          .all();
        if (due.length > 0) {
          tx.update(webhookOutbox)
            .set({ lockedUntil: now + lockMs })
            .where(inArray(webhookOutbox.id, due.map((d) => d.id)))
            .run();
        }
        return due;
      },
      { behavior: 'immediate' },
    );
  }

  async markWebhookDelivered(id: number, now: number) {
    this.db.update(webhookOutbox).set({ deliveredAt: now, lockedUntil: null, attempts: sql`${webhookOutbox.attempts} + 1` }).where(eq(webhookOutbox.id, id)).run();
  }

  async markWebhookFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number) {
    this.db
      .update(webhookOutbox)
      .set({
        attempts,
        lockedUntil: null,
        lastError: error.slice(0, 500),
        ...(nextAttemptAt === null ? { failedAt: now } : { nextAttemptAt }),
      })
      .where(eq(webhookOutbox.id, id))
      .run();
  }

  async getOrCreateSecret(candidate: string): Promise<string> {
    this.db.insert(meta).values({ key: 'secret', value: candidate }).onConflictDoNothing().run();
    return this.db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'secret')).get()?.value ?? candidate;
  }
}
