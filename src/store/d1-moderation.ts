// The moderation, auth and webhook-outbox parts of the D1 store: multi-statement writes in one
// db.batch(), reads shared with the better-sqlite3 store (queries.ts).
import * as exportQueries from './export-queries.js';
import { asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { articles, auditLog, comments, loginAttempts, meta, moderators, sessions, sites, webhookOutbox } from '../db/schema.js';
import { fromRaw } from './d1-rows.js';
import { d1ImportBatch } from './d1-import.js';
import * as fts from './queries-fts.js';
import * as q from './queries.js';
import { D1RolesStore } from './d1-roles.js';
import * as bans from './queries-bans.js';
import * as bulk from './d1-bulk.js';
import type { BanKeys, BanKind, NewBan } from './bans-types.js';
import { effectsIf } from './d1-mail-insert.js';
import type { BulkStatusStore } from './bulk-types.js';
import * as readers from './readers.js';
import type { AdminCommentFilter, ChangeEffects, CommentChange, CommentRow, CommentStatus, NewAudit, NewReport, OutboxRow, ReportRule, Store, StoreImportBatch } from './types.js';

/** An audit row whose from-status (and site) are read from the comment as it is when the statement runs. */
function auditFromComment(id: number, entry: NewAudit, toStatus: string | null) {
  return sql`insert into ${auditLog} (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
    select ${entry.actor.type}, ${entry.actor.id}, ${entry.actor.name}, ${entry.action}, c.id, a.site_id, c.status,
      ${toStatus === null ? sql`null` : toStatus}, ${entry.detail ? JSON.stringify(entry.detail) : null}, ${entry.at}
    from ${comments} c join ${articles} a on a.id = c.article_id where c.id = ${id}`;
}

/** Comments indexed per D1 batch: well inside one invocation's CPU time. */
const SEARCH_CHUNK = 2_000;

export class D1Store extends D1RolesStore implements Store, BulkStatusStore {
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

  /** Import batches (d1-import.ts). */
  importBatch(siteId: number, batch: StoreImportBatch) {
    return d1ImportBatch(this.client, siteId, batch);
  }

  async listComments(filter: AdminCommentFilter) {
    // A search sees every comment: what waits for the index is indexed first (queries-fts.ts).
    if (filter.match) await this.indexSearch();
    return q.listAdminComments(this.db, filter);
  }

  /**
   * Indexes the comments above the search index's mark, SEARCH_CHUNK per batch (one transaction
   * each); the cron calls it too, so the index follows the writers within a minute.
   */
  async indexSearch(): Promise<void> {
    for (;;) {
      const [indexed] = await this.client.batch([
        this.client.prepare(fts.INDEX_BACKLOG).bind(SEARCH_CHUNK),
        this.client.prepare(fts.ADVANCE_MARK).bind(SEARCH_CHUNK),
      ]);
      if ((indexed?.meta.changes ?? 0) < SEARCH_CHUNK) return;
    }
  }

  getAdminComment(id: number) {
    return q.getAdminComment(this.db, id);
  }

  /** Bulk moderation in a bounded number of round trips (d1-bulk.ts). */
  adminCommentsByIds(ids: number[]) {
    return bulk.adminCommentsByIds(this.db, ids);
  }

  changeStatuses(ids: number[], to: CommentStatus, audit: NewAudit, effects: Map<number, ChangeEffects>) {
    return bulk.changeStatuses((statements) => this.batch(statements), ids, to, audit, effects);
  }

  async changeComment(id: number, change: CommentChange, audit: NewAudit, effects: ChangeEffects = {}) {
    const before = await this.db.select().from(comments).where(eq(comments.id, id)).get();
    if (!before) return null;
    const toStatus = change.status ?? before.status;
    // Its mail and events only if the update applied: the comment is there, with the status it set.
    const applied = change.status
      ? sql`exists (select 1 from ${comments} where ${comments.id} = ${id} and ${comments.status} = ${change.status})`
      : sql`exists (select 1 from ${comments} where ${comments.id} = ${id})`;
    // The audit row is written first, in the same batch, so it records the status the update replaced.
    await this.batch([
      auditFromComment(id, audit, toStatus),
      this.db.update(comments).set(change).where(eq(comments.id, id)),
      ...effectsIf(applied, effects, id),
    ]);
    const after = await this.db.select().from(comments).where(eq(comments.id, id)).get();
    return after ? { before, after } : null;
  }

  async purgeComment(id: number, audit: NewAudit, effects: ChangeEffects = {}): Promise<CommentRow | null> {
    const row = await this.db.select().from(comments).where(eq(comments.id, id)).get();
    if (!row) return null;
    const results = await this.batch(this.purgeStatements(id, audit, effects, row.parentId));
    const deleted = results.at(-1) ?? [];
    return deleted.length > 0 ? row : null;
  }

  /** One comment's purge, its last statement answering the deleted id; `parentId`: where its replies move (SQL: as it is then). */
  private purgeStatements(id: number, audit: NewAudit, effects: ChangeEffects, parentId: number | null | SQL) {
    // First, while the comment is still there: its audit row, mail and events only if it exists (a
    // comment purged by someone else since the read gets none), as deleteComment does.
    const effectInserts = effectsIf(sql`exists (select 1 from ${comments} where ${comments.id} = ${id})`, effects, id);
    return [
      auditFromComment(id, audit, null),
      ...effectInserts,
      // Replies move up one level, to the deleted comment's parent.
      sql`update ${comments} set depth = depth - 1 where id in (
        with recursive subtree(id) as (
          select id from comments where parent_id = ${id}
          union all select c.id from comments c join subtree s on c.parent_id = s.id
        ) select id from subtree)`,
      this.db.update(comments).set({ parentId }).where(eq(comments.parentId, id)),
      this.db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id }),
    ];
  }

  /** Many purges, one after another, 100 comments per batch (bulk-types.ts); answers the ids deleted. */
  async purgeComments(items: Array<{ id: number; effects: ChangeEffects }>, audit: NewAudit): Promise<Set<number>> {
    const deleted = new Set<number>();
    for (let i = 0; i < items.length; i += 100) {
      // Each reply moves to its parent's parent as it is when its statement runs (an earlier purge in the same batch may have moved it).
      const plans = items.slice(i, i + 100).map(({ id, effects }) => this.purgeStatements(id, audit, effects, sql`(select parent_id from ${comments} where id = ${id})`));
      const results = await this.batch(plans.flat());
      let at = 0;
      for (const plan of plans) {
        at += plan.length;
        for (const row of results[at - 1] ?? []) deleted.add(Number(row.id));
      }
    }
    return deleted;
  }

  async recordAudit(entry: NewAudit & { commentId: number | null; siteId: number | null; fromStatus?: string | null; toStatus?: string | null }) {
    await this.db.insert(auditLog).values(q.auditValues(entry, entry.commentId, entry.siteId, entry.fromStatus ?? null, entry.toStatus ?? null));
  }

  listAudit(query: { beforeId?: number; limit: number }) {
    return q.listAudit(this.db, query);
  }

  stats() {
    return q.stats(this.db);
  }

  listSites() {
    return q.listSites(this.db);
  }

  async getOrCreateSecret(candidate: string): Promise<string> {
    const [, rows = []] = await this.batch([
      this.db.insert(meta).values({ key: 'secret', value: candidate }).onConflictDoNothing(),
      this.db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'secret')),
    ]);
    const value = rows[0]?.value;
    return typeof value === 'string' ? value : candidate;
  }

  // ---- readers' reports and reactions (readers.ts) ---------------------------------------------

  private readonly runAtomic: readers.RunAtomic = async (statements) => (await this.batch(statements)).at(-1) ?? [];

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

  // ---- moderators, tokens, sessions -------------------------------------------------------

  async upsertModerator(email: string, name: string, passwordHash: string, now: number) {
    const lower = email.toLowerCase();
    const existed = await q.findModeratorByEmail(this.db, lower);
    const moderator = await this.db
      .insert(moderators)
      .values({ email: lower, name, passwordHash, createdAt: now })
      .onConflictDoUpdate({ target: moderators.email, set: { name, passwordHash } })
      .returning()
      .get();
    return { moderator, created: !existed };
  }

  findModeratorByEmail(email: string) {
    return q.findModeratorByEmail(this.db, email);
  }

  listModerators() {
    return q.listModerators(this.db);
  }

  async createApiToken(name: string, tokenHash: string, now: number) {
    return q.createApiToken(this.db, name, tokenHash, now);
  }

  async revokeApiToken(nameOrId: string) {
    return q.revokeApiToken(this.db, nameOrId);
  }

  listApiTokens() {
    return q.listApiTokens(this.db);
  }

  async findApiToken(tokenHash: string, now: number) {
    return q.findApiToken(this.db, tokenHash, now);
  }

  async createSession(session: { id: string; moderatorId: number; csrfToken: string; createdAt: number; expiresAt: number }) {
    await this.batch([
      this.db.delete(sessions).where(lte(sessions.expiresAt, session.createdAt)),
      this.db.insert(sessions).values(session),
    ]);
  }

  findSession(id: string, now: number) {
    return q.findSession(this.db, id, now);
  }

  async deleteSession(id: string) {
    await this.db.delete(sessions).where(eq(sessions.id, id));
  }

  loginFailures(keys: string[], since: number) {
    return q.loginFailures(this.db, keys, since);
  }

  async recordLoginFailure(keys: string[], now: number, since: number) {
    const statements = keys.map((key) =>
      this.db
        .insert(loginAttempts)
        .values({ key, failures: 1, windowStart: now })
        .onConflictDoUpdate({
          target: loginAttempts.key,
          set: q.anotherFailure(now, since),
        }),
    );
    if (statements.length > 0) await this.batch(statements);
  }

  async clearLoginFailures(keys: string[]) {
    if (keys.length > 0) await this.db.delete(loginAttempts).where(inArray(loginAttempts.key, keys));
  }

  // ---- webhook outbox ---------------------------------------------------------------------

  async claimDueWebhooks(now: number, limit: number, lockMs: number): Promise<OutboxRow[]> {
    // One statement picks and locks, so two isolates never take the same event.
    return this.db
      .update(webhookOutbox)
      .set({ lockedUntil: now + lockMs })
      .where(
        inArray(
          webhookOutbox.id,
          this.db
            .select({ id: webhookOutbox.id })
            .from(webhookOutbox)
            .where(q.webhooksDue(now))
            .orderBy(asc(webhookOutbox.nextAttemptAt))
            .limit(limit),
        ),
      )
      .returning();
  }

  async markWebhookDelivered(id: number, now: number) {
    await this.db
      .update(webhookOutbox)
      .set(q.webhookDeliveredUpdate(now))
      .where(eq(webhookOutbox.id, id));
  }

  async markWebhookFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number) {
    await this.db
      .update(webhookOutbox)
      .set(q.failedDeliveryUpdate(attempts, nextAttemptAt, error, now))
      .where(eq(webhookOutbox.id, id));
  }

  // ---- bans and author history (shared SQL in queries-bans.ts) ------------------------------

  activeBan(siteId: number, keys: BanKeys, now: number) {
    return bans.activeBan(this.db, siteId, keys, now);
  }

  async postContext(slug: string, key: string, keys: BanKeys, now: number) {
    if (!keys.email && !keys.domain && !keys.ip) {
      const found = await this.siteArticle(slug, key);
      return found ? { ...found, ban: null } : null;
    }
    // One round trip: the site, the article and the ban check, each by the site's slug (its id is not
    // known yet). Three plain statements, not the join: a batch answers raw rows, whose joined columns
    // would share names.
    const siteId = sql`(select ${sites.id} from ${sites} where ${sites.slug} = ${slug})`;
    const [[siteRaw] = [], [articleRaw] = [], [ban] = []] = await this.batch([
      sql`select * from ${sites} where ${sites.slug} = ${slug}`,
      sql`select * from ${articles} where ${articles.siteId} = ${siteId} and ${articles.key} = ${key}`,
      bans.activeBanQuery(this.db, { siteId, ...keys, now }),
    ]);
    if (!siteRaw) return null;
    return {
      site: this.siteOf(fromRaw(sites, siteRaw)),
      article: articleRaw ? fromRaw(articles, articleRaw) : null,
      ban: ban ? { id: Number(ban.id), kind: String(ban.kind) as BanKind } : null,
    };
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
