// Queries shared by the better-sqlite3 and D1 stores (reads, and writes of one statement). Drizzle's sync (better-sqlite3) and
// async (D1) databases both answer `await query`, so one function serves both.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias, type BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { settingsFromJson } from '../comments/settings.js';
import { apiTokens, articles, auditLog, comments, commentStatuses, loginAttempts, moderators, sessions, sites, webhookOutbox, type SiteRow } from '../db/schema.js';
import { accessOf, tokenAccess, type Access } from '../moderation/roles.js';
import type { AdminCommentFilter, AdminCommentRow, CommentRow, CommentStatus, NewAudit, NewOutboxEvent, Site } from './types.js';

/**
 * Every status a duplicate can have (a trashed comment may be said again), listed so that the duplicate
 * check seeks (email, status, article) in the comments_email_lower index on both stores.
 */
export const NOT_TRASH = commentStatuses.filter((s) => s !== 'trash');

export type AnyDb = BaseSQLiteDatabase<'sync' | 'async', unknown, Record<string, never>>;

export const toSite = (row: SiteRow): Site => ({
  id: row.id,
  slug: row.slug,
  settings: settingsFromJson(row.settings),
  webhookSecret: row.webhookSecret,
});

const parents = alias(comments, 'parent');

/**
 * The comment (of the outer query on `comments`) is on this site: flood control counts one site's
 * comments only. A lookup of its article by primary key, so the email or IP index still drives.
 */
export const onSite = (siteId: SQLWrapper | number): SQL =>
  sql`exists (select 1 from ${articles} where ${articles.id} = ${comments.articleId} and ${articles.siteId} = ${siteId})`;

export function adminQuery(db: AnyDb, where: SQL | undefined) {
  return db
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

export function toAdminRow(row: {
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

/** A value of the queue's filter, or a placeholder for it in a prepared query. */
type Param<T> = T | SQLWrapper;

/** The queue's WHERE for a filter; which conditions appear depends only on which of the filter's fields are set. */
export function queueWhere(
  filter: AdminCommentFilter,
  v: {
    status: Param<CommentStatus>;
    siteId: Param<number>;
    siteIds: Param<string>;
    articleKey: Param<string>;
    match: Param<string>;
    author?: Param<string>;
    beforeAt: Param<number>;
    beforeId: Param<number>;
  },
): SQL | undefined {
  const conditions: Array<SQL | undefined> = [
    filter.status ? eq(comments.status, v.status) : undefined,
    filter.siteId !== undefined ? eq(articles.siteId, v.siteId) : undefined,
    filter.articleKey !== undefined ? eq(articles.key, v.articleKey) : undefined,
    filter.match ? sql`${comments.id} in (select rowid from comments_fts where comments_fts match ${v.match})` : undefined,
    filter.author !== undefined ? and(eq(comments.avatar, v.author ?? filter.author), sql`${comments.email} <> ''`) : undefined,
    filter.reported ? sql`${comments.id} in (select comment_id from comment_reports where dismissed_at is null)` : undefined,
    filter.siteIds !== undefined ? sql`${articles.siteId} in (select value from json_each(${v.siteIds}))` : undefined,
    // (created_at, id) < (X, Y), spelt so that the index can start at X instead of scanning from the newest.
    filter.before ? and(lte(comments.createdAt, v.beforeAt), or(lt(comments.createdAt, v.beforeAt), lt(comments.id, v.beforeId))) : undefined,
  ];
  return and(...conditions.filter((c) => c !== undefined));
}

export async function listAdminComments(db: AnyDb, filter: AdminCommentFilter): Promise<AdminCommentRow[]> {
  const where = queueWhere(filter, {
    status: filter.status ?? 'pending',
    siteId: filter.siteId ?? 0,
    siteIds: JSON.stringify(filter.siteIds ?? []),
    articleKey: filter.articleKey ?? '',
    match: filter.match ?? '',
    beforeAt: filter.before?.createdAt ?? 0,
    beforeId: filter.before?.id ?? 0,
  });
  const rows = await adminQuery(db, where).orderBy(desc(comments.createdAt), desc(comments.id)).limit(filter.limit).all();
  return rows.map(toAdminRow);
}

export async function getAdminComment(db: AnyDb, id: number): Promise<AdminCommentRow | null> {
  const row = await adminQuery(db, eq(comments.id, id)).get();
  return row ? toAdminRow(row) : null;
}

export async function listAudit(db: AnyDb, query: { beforeId?: number; limit: number }) {
  return db
    .select()
    .from(auditLog)
    .where(query.beforeId !== undefined ? lt(auditLog.id, query.beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
    .all();
}

export async function stats(db: AnyDb) {
  return db
    .select({ site: sites.slug, status: comments.status, count: sql<number>`count(*)` })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .innerJoin(sites, eq(sites.id, articles.siteId))
    .where(eq(comments.deleted, false))
    .groupBy(sites.slug, comments.status)
    .all();
}

export async function listSites(db: AnyDb): Promise<Site[]> {
  return (await db.select().from(sites).orderBy(asc(sites.slug)).all()).map(toSite);
}

export async function findModeratorByEmail(db: AnyDb, email: string) {
  return (await db.select().from(moderators).where(eq(moderators.email, email.toLowerCase())).get()) ?? null;
}

export async function listModerators(db: AnyDb) {
  return db.select().from(moderators).orderBy(asc(moderators.id)).all();
}

export async function listApiTokens(db: AnyDb) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .orderBy(asc(apiTokens.id))
    .all();
}

export async function findSession(db: AnyDb, id: string, now: number) {
  return (
    (await db
      .select({ csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt, moderator: moderators })
      .from(sessions)
      .innerJoin(moderators, eq(moderators.id, sessions.moderatorId))
      .where(and(eq(sessions.id, id), gte(sessions.expiresAt, now)))
      .get()) ?? null
  );
}

export async function loginFailures(db: AnyDb, keys: string[], since: number): Promise<number> {
  if (keys.length === 0) return 0;
  const row = await db
    .select({ failures: sql<number | null>`max(${loginAttempts.failures})` })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), gte(loginAttempts.windowStart, since)))
    .get();
  return row?.failures ?? 0;
}

export async function createApiToken(db: AnyDb, name: string, tokenHash: string, now: number) {
  const row = await db
    .insert(apiTokens)
    .values({ name, tokenHash, createdAt: now })
    .onConflictDoNothing({ target: apiTokens.name })
    .returning({ id: apiTokens.id })
    .get();
  return row ?? null;
}

export async function revokeApiToken(db: AnyDb, nameOrId: string) {
  const byId = /^\d+$/.test(nameOrId) ? eq(apiTokens.id, Number(nameOrId)) : undefined;
  const removed = await db.delete(apiTokens).where(or(eq(apiTokens.name, nameOrId), byId)).returning({ id: apiTokens.id }).all();
  return removed.length > 0;
}

/** The token with this hash, marked as used now, with what it may do (never more than its creator now). */
export async function findApiToken(db: AnyDb, tokenHash: string, now: number) {
  const row = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(eq(apiTokens.tokenHash, tokenHash))
    .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, sites: apiTokens.sites, createdBy: apiTokens.createdBy })
    .get();
  if (!row) return null;
  let creator: Access | null = null;
  if (row.createdBy !== null) {
    const by = await db.select({ role: moderators.role, sites: moderators.sites }).from(moderators).where(eq(moderators.id, row.createdBy)).get();
    // A creator that is gone leaves a token that can do nothing (its removal normally removes the token too).
    creator = by ? accessOf(by) : { role: 'moderator', siteIds: [] };
  }
  return { id: row.id, name: row.name, access: tokenAccess(accessOf(row), creator), createdBy: row.createdBy };
}

/** The audit row of an entry: who did what to which comment (on which site), from and to which status. */
export function auditValues(entry: NewAudit, commentId: number | null, siteId: number | null, from: string | null, to: string | null) {
  return {
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    commentId,
    siteId,
    fromStatus: from,
    toStatus: to,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    at: entry.at,
  };
}

/** The outbox rows of new events: each is first due when it is made. */
export const webhookValues = (events: NewOutboxEvent[]) => events.map((e) => ({ ...e, nextAttemptAt: e.createdAt }));

/** The insert of new events into the outbox, for a write that makes them in its own transaction; null when there are none. */
export function insertEventsQuery(db: AnyDb, events: NewOutboxEvent[] | undefined) {
  if (!events || events.length === 0) return null;
  return db.insert(webhookOutbox).values(webhookValues(events));
}

/** The update of a webhook outbox row whose delivery worked: one more attempt, unlocked. */
export function webhookDeliveredUpdate(now: number) {
  return { deliveredAt: now, lockedUntil: null, attempts: sql<number>`${webhookOutbox.attempts} + 1` };
}

/** The update of an outbox row (webhook or mail) whose attempt failed: retried at `nextAttemptAt`, or given up on (null). */
export function failedDeliveryUpdate(attempts: number, nextAttemptAt: number | null, error: string, now: number) {
  return { attempts, lockedUntil: null, lastError: error.slice(0, 500), ...(nextAttemptAt === null ? { failedAt: now } : { nextAttemptAt }) };
}

/** Outbox events that are due: not delivered, not given up on, their time come, and not claimed by a live sender. */
export function webhooksDue(now: number): SQL | undefined {
  return and(
    isNull(webhookOutbox.deliveredAt),
    isNull(webhookOutbox.failedAt),
    lte(webhookOutbox.nextAttemptAt, now),
    or(isNull(webhookOutbox.lockedUntil), lte(webhookOutbox.lockedUntil, now)),
  );
}

/** The update of a login-attempt row on another failure: a window that has run out (before `since`) starts again at one. */
export function anotherFailure(now: number, since: number) {
  return {
    failures: sql<number>`case when ${loginAttempts.windowStart} < ${since} then 1 else ${loginAttempts.failures} + 1 end`,
    windowStart: sql<number>`case when ${loginAttempts.windowStart} < ${since} then ${now} else ${loginAttempts.windowStart} end`,
  };
}
