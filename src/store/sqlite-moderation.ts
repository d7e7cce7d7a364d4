// The moderation, auth and webhook-outbox parts of the better-sqlite3 store.
import * as exportQueries from './export-queries.js';
import { asc, desc, eq, inArray, is, lte, Placeholder, sql } from 'drizzle-orm';
import { articles, auditLog, comments, loginAttempts, meta, moderators, sessions, webhookOutbox } from '../db/schema.js';
import * as q from './queries.js';
import * as bans from './queries-bans.js';
import type { BanKeys, BanKind, NewBan } from './bans-types.js';
import { adminQuery, queueWhere, toAdminRow } from './queries.js';
import { sqliteImporter } from './sqlite-import.js';
import { SqliteRolesStore } from './sqlite-roles.js';
import { insertMailsQuery } from './mail-queries.js';
import * as readers from './readers.js';
import type { Tx } from './sqlite.js';
import type { AdminCommentFilter, AdminCommentRow, AuditRow, ChangeEffects, CommentChange, CommentRow, NewAudit, NewReport, ReportRule, Site, Store, StoreImportBatch, StoreImportResult } from './types.js';

export class SqliteStore extends SqliteRolesStore implements Store {
  // ---- export (keyset pages, shared SQL in export-queries.ts) ------------------------------

  exportArticles(siteId: number, afterId: number, limit: number) {
    return exportQueries.exportArticles(this.db, siteId, afterId, limit);
  }

  exportComments(siteId: number, afterId: number, limit: number) {
    return exportQueries.exportComments(this.db, siteId, afterId, limit);
  }

  exportCommentsByArticle(siteId: number, after: { articleId: number; id: number }, limit: number) {
    return exportQueries.exportCommentsByArticle(this.db, siteId, after, limit);
  }

  private importer: ReturnType<typeof sqliteImporter> | null = null;

  /** Import batches (sqlite-import.ts); its statements are prepared on first use. */
  async importBatch(siteId: number, batch: StoreImportBatch): Promise<StoreImportResult> {
    this.importer ??= sqliteImporter(this.db.$client);
    const result = this.importer(siteId, batch);
    if (!batch.dryRun) this.search.added(Object.values(result.imported).reduce((a, b) => a + b, 0));
    return result;
  }

  // ---- the queue --------------------------------------------------------------------------

  /** The queue query, prepared once per shape of filter (which of status, site, article, search, cursor are set). */
  private readonly queueQueries = new Map<string, ReturnType<SqliteStore['prepareQueue']>>();

  private prepareQueue(filter: AdminCommentFilter) {
    const p = sql.placeholder;
    const where = queueWhere(filter, {
      status: p('status'),
      siteId: p('siteId'),
      siteIds: p('siteIds'),
      articleKey: p('articleKey'),
      match: p('match'),
      author: p('author'),
      beforeAt: p('beforeAt'),
      beforeId: p('beforeId'),
    });
    return adminQuery(this.db, where).orderBy(desc(comments.createdAt), desc(comments.id)).limit(p('limit')).prepare();
  }

  async listComments(filter: AdminCommentFilter): Promise<AdminCommentRow[]> {
    // The same tests as prepareQueue's, so that one shape always means one SQL text.
    const shape = [
      !!filter.status,
      filter.siteId !== undefined,
      filter.articleKey !== undefined,
      !!filter.match,
      !!filter.before,
      !!filter.reported,
      filter.siteIds !== undefined,
      filter.author !== undefined,
    ]
      .map((set) => (set ? '+' : '-'))
      .join('');
    // A search sees every comment: what waits for the indexer is indexed first.
    if (filter.match) this.search.catchUp();
    let query = this.queueQueries.get(shape);
    if (!query) this.queueQueries.set(shape, (query = this.prepareQueue(filter)));
    const rows = await query.all({
      status: filter.status,
      siteId: filter.siteId,
      siteIds: JSON.stringify(filter.siteIds ?? []),
      articleKey: filter.articleKey,
      match: filter.match,
      author: filter.author,
      beforeAt: filter.before?.createdAt,
      beforeId: filter.before?.id,
      limit: filter.limit,
    });
    return rows.map(toAdminRow);
  }

  async getAdminComment(id: number): Promise<AdminCommentRow | null> {
    return q.getAdminComment(this.db, id);
  }

  private siteOf(tx: Tx, articleId: number): number | null {
    return tx.select({ siteId: articles.siteId }).from(articles).where(eq(articles.id, articleId)).get()?.siteId ?? null;
  }

  async changeComment(id: number, change: CommentChange, audit: NewAudit, effects: ChangeEffects = {}) {
    return this.db.transaction(
      (tx) => {
        const before = tx.select().from(comments).where(eq(comments.id, id)).get();
        if (!before) return null;
        const after = tx.update(comments).set(change).where(eq(comments.id, id)).returning().get();
        if (!after) return null;
        tx.insert(auditLog)
          .values(q.auditValues(audit, before.id, this.siteOf(tx, before.articleId), before.status, after.status))
          .run();
        insertMailsQuery(tx, effects.mails, id)?.run();
        q.insertEventsQuery(tx, effects.events)?.run();
        return { before, after };
      },
      { behavior: 'immediate' },
    );
  }

  async purgeComment(id: number, audit: NewAudit, effects: ChangeEffects = {}): Promise<CommentRow | null> {
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
        tx.insert(auditLog).values(q.auditValues(audit, row.id, this.siteOf(tx, row.articleId), row.status, null)).run();
        insertMailsQuery(tx, effects.mails, id)?.run();
        q.insertEventsQuery(tx, effects.events)?.run();
        return row;
      },
      { behavior: 'immediate' },
    );
  }

  async recordAudit(entry: NewAudit & { commentId: number | null; siteId: number | null; fromStatus?: string | null; toStatus?: string | null }) {
    this.db
      .insert(auditLog)
      .values(q.auditValues(entry, entry.commentId, entry.siteId, entry.fromStatus ?? null, entry.toStatus ?? null))
      .run();
  }

  async listAudit(query: { beforeId?: number; limit: number }): Promise<AuditRow[]> {
    return q.listAudit(this.db, query);
  }

  async stats() {
    return q.stats(this.db);
  }

  async listSites(): Promise<Site[]> {
    return q.listSites(this.db);
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
    return q.findModeratorByEmail(this.db, email);
  }

  async listModerators() {
    return q.listModerators(this.db);
  }

  async createApiToken(name: string, tokenHash: string, now: number) {
    return q.createApiToken(this.db, name, tokenHash, now);
  }

  async revokeApiToken(nameOrId: string) {
    return q.revokeApiToken(this.db, nameOrId);
  }

  async listApiTokens() {
    return q.listApiTokens(this.db);
  }

  async findApiToken(tokenHash: string, now: number) {
    return q.findApiToken(this.db, tokenHash, now);
  }

  async createSession(session: { id: string; moderatorId: number; csrfToken: string; createdAt: number; expiresAt: number }) {
    this.db.transaction((tx) => {
      tx.delete(sessions).where(lte(sessions.expiresAt, session.createdAt)).run();
      tx.insert(sessions).values(session).run();
    });
  }

  async findSession(id: string, now: number) {
    return q.findSession(this.db, id, now);
  }

  async deleteSession(id: string) {
    this.db.delete(sessions).where(eq(sessions.id, id)).run();
  }

  async loginFailures(keys: string[], since: number) {
    return q.loginFailures(this.db, keys, since);
  }

  async recordLoginFailure(keys: string[], now: number, since: number) {
    this.db.transaction(
      (tx) => {
        for (const key of keys) {
          tx.insert(loginAttempts)
            .values({ key, failures: 1, windowStart: now })
            .onConflictDoUpdate({
              target: loginAttempts.key,
              set: q.anotherFailure(now, since),
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

  async claimDueWebhooks(now: number, limit: number, lockMs: number) {
    return this.db.transaction(
      (tx) => {
        const due = tx
          .select()
          .from(webhookOutbox)
          .where(q.webhooksDue(now))
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
    this.db.update(webhookOutbox).set(q.webhookDeliveredUpdate(now)).where(eq(webhookOutbox.id, id)).run();
  }

  async markWebhookFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number) {
    this.db
      .update(webhookOutbox)
      .set(q.failedDeliveryUpdate(attempts, nextAttemptAt, error, now))
      .where(eq(webhookOutbox.id, id))
      .run();
  }

  // ---- readers' reports and reactions (readers.ts) ---------------------------------------------

  private readonly runAtomic: readers.RunAtomic = async (statements) =>
    this.db.transaction(
      (tx) => {
        for (const statement of statements.slice(0, -1)) tx.run(statement);
        const last = statements[statements.length - 1];
        return last ? tx.all<Record<string, unknown>>(last) : [];
      },
      { behavior: 'immediate' },
    );

  recentReports(readerKey: string, ipKey: string, since: number) {
    return readers.recentReports(this.db, readerKey, ipKey, since);
  }

  addReport(report: NewReport, rule: ReportRule) {
    return readers.addReport(this.runAtomic, report, rule);
  }

  reportSummaries(commentIds: number[]) {
    return readers.reportSummaries(this.db, commentIds);
  }

  dismissReports(commentId: number, audit: NewAudit) {
    return readers.dismissReports(this.runAtomic, commentId, audit);
  }

  setReaction(commentId: number, reader: { readerKey: string; ipKey: string }, on: boolean, now: number) {
    return readers.setReaction(this.runAtomic, commentId, reader, on, now);
  }

  async getOrCreateSecret(candidate: string): Promise<string> {
    this.db.insert(meta).values({ key: 'secret', value: candidate }).onConflictDoNothing().run();
    return this.db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'secret')).get()?.value ?? candidate;
  }

  // ---- bans and author history (shared SQL in queries-bans.ts) ------------------------------

  /** On every new comment: the SQL Drizzle builds, prepared once on the driver (building it per call cost more than running it). */
  private activeBanStatement: ((values: Record<string, unknown>) => unknown) | null = null;

  private prepareActiveBan() {
    const p = sql.placeholder;
    const query = bans.activeBanQuery(this.db, { siteId: p('siteId'), email: p('email'), domain: p('domain'), ip: p('ip'), now: p('now') }).toSQL();
    const statement = this.db.$client.prepare(query.sql);
    return (values: Record<string, unknown>) => statement.get(...query.params.map((param) => (is(param, Placeholder) ? values[param.name] : param)));
  }

  async activeBan(siteId: number, keys: BanKeys, now: number): Promise<{ id: number; kind: BanKind } | null> {
    if (!keys.email && !keys.domain && !keys.ip) return null;
    this.activeBanStatement ??= this.prepareActiveBan();
    const row = this.activeBanStatement({ siteId, ...keys, now }) as { id: number; kind: BanKind } | undefined;
    return row ? { id: row.id, kind: row.kind } : null;
  }

  async postContext(slug: string, key: string, keys: BanKeys, now: number) {
    // No round trips on Node: the reads one by one (the response cache's decorator answers the site from memory).
    const found = await this.siteArticle(slug, key);
    return found ? { ...found, ban: await this.activeBan(found.site.id, keys, now) } : null;
  }

  listBans(siteId: number, limit: number) {
    return bans.listBans(this.db, siteId, limit);
  }

  findBan(siteId: number, kind: BanKind, value: string) {
    return bans.findBan(this.db, siteId, kind, value);
  }

  getBan(id: number) {
    return bans.getBan(this.db, id);
  }

  addBan(ban: NewBan, audit: NewAudit) {
    return bans.addBan(this.runAtomic, ban, audit);
  }

  updateBan(id: number, change: { until?: number | null; note?: string | null }, audit: NewAudit) {
    return bans.updateBan(this.runAtomic, id, change, audit);
  }

  liftBan(id: number, audit: NewAudit) {
    return bans.liftBan(this.runAtomic, id, audit);
  }

  authorCounts(authors: Array<{ siteId: number; email: string }>) {
    return bans.authorCounts(this.db, authors);
  }

  pendingByAuthor(siteId: number, author: string, limit: number) {
    return bans.pendingByAuthor(this.db, siteId, author, limit);
  }
}
