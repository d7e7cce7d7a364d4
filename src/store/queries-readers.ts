// SQL for the readers' part of the store (subscriptions, privacy, retention), shared by the better-sqlite3
// and D1 stores. Multi-statement writes are lists of statements each store runs atomically its own way.
import { and, asc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { articles, auditLog, comments, mailOutbox, mailSuppressions, subscriberAddresses, subscriptions, webhookOutbox } from '../db/schema.js';
import { mailValues } from './mail-queries.js';
import { adminQuery, toAdminRow, type AnyDb } from './queries.js';
import type { NewSubscription, SubscribeResult, Subscriber, SubscriptionRow } from './readers-types.js';
import type { AdminCommentRow, NewMail, NewOutboxEvent } from './types.js';

const lower = (email: string) => email.trim().toLowerCase();
const sameEmail = (email: string) => sql`lower(${comments.email}) = ${lower(email)}`;
const ofSite = (siteId: number) => sql`${comments.articleId} in (select ${articles.id} from ${articles} where ${articles.siteId} = ${siteId})`;

/**
 * Subscribing, as statements: the address row (only if new: its `returning` row says "first time"),
 * the subscription (only if the same one does not exist), then what the caller needs to know.
 */
export function subscribeStatements(s: NewSubscription, confirmation?: NewMail): SQL[] {
  const email = lower(s.email);
  const mail = confirmation ? mailValues(confirmation) : null;
  return [
    sql`insert into ${subscriberAddresses} (site_id, email, confirmed_at, created_at) values (${s.siteId}, ${email}, null, ${s.createdAt})
        on conflict (site_id, email) do nothing returning site_id`,
    sql`insert into ${subscriptions} (site_id, email, kind, article_id, comment_id, created_at)
        select ${s.siteId}, ${email}, ${s.kind}, ${s.articleId}, ${s.commentId}, ${s.createdAt}
        where not exists (select 1 from ${subscriptions} where site_id = ${s.siteId} and email = ${email} and kind = ${s.kind}
          and article_id = ${s.articleId} and comment_id is ${s.commentId})`,
    sql`select (select max(id) from ${subscriptions} where site_id = ${s.siteId} and email = ${email} and kind = ${s.kind}
          and article_id = ${s.articleId} and comment_id is ${s.commentId}) as subscriptionId,
        (select confirmed_at from ${subscriberAddresses} where site_id = ${s.siteId} and email = ${email}) as confirmedAt,
        exists (select 1 from ${mailSuppressions} where email = ${email}) as suppressed`,
    // The confirmation goes only to an address this very call created (unconfirmed, created now), never a suppressed one.
    ...(mail
      ? [
          sql`insert into ${mailOutbox} (site_id, kind, recipient, subject, text, html, headers, render, comment_id, moderator_id, next_attempt_at, created_at)
              select ${mail.siteId}, ${mail.kind}, ${mail.recipient}, ${mail.subject}, ${mail.text}, ${mail.html}, ${mail.headers}, ${mail.render},
                ${mail.commentId}, ${mail.moderatorId}, ${mail.nextAttemptAt}, ${mail.createdAt}
              where exists (select 1 from ${subscriberAddresses} where site_id = ${s.siteId} and email = ${email} and confirmed_at is null and created_at = ${s.createdAt})
                and not exists (select 1 from ${mailSuppressions} where email = ${email})`,
        ]
      : []),
  ];
}

/** Reader notifications that count against the hourly cap. */
export const CAPPED_READER_KINDS = ['reader.reply', 'reader.article', 'reader.approved'];

export async function readerMailsSince(db: AnyDb, email: string, since: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.recipient, lower(email)), inArray(mailOutbox.kind, CAPPED_READER_KINDS), gte(mailOutbox.createdAt, since)));
  return Number(rows[0]?.n ?? 0);
}

export function subscribeResult(firstRows: unknown[], lastRows: Array<Record<string, unknown>>): SubscribeResult {
  const row = lastRows[0] ?? {};
  return {
    subscriptionId: Number(row.subscriptionId),
    firstTime: firstRows.length > 0,
    confirmed: row.confirmedAt !== null && row.confirmedAt !== undefined,
    suppressed: Boolean(row.suppressed),
  };
}

export async function confirmAddress(db: AnyDb, siteId: number, email: string, now: number): Promise<boolean> {
  const rows = await db
    .update(subscriberAddresses)
    .set({ confirmedAt: sql`coalesce(${subscriberAddresses.confirmedAt}, ${now})` })
    .where(and(eq(subscriberAddresses.siteId, siteId), eq(subscriberAddresses.email, lower(email))))
    .returning({ siteId: subscriberAddresses.siteId });
  return rows.length > 0;
}

export async function isConfirmed(db: AnyDb, siteId: number, email: string): Promise<boolean> {
  const rows = await db
    .select({ at: subscriberAddresses.confirmedAt })
    .from(subscriberAddresses)
    .where(and(eq(subscriberAddresses.siteId, siteId), eq(subscriberAddresses.email, lower(email)), isNotNull(subscriberAddresses.confirmedAt)));
  return rows.length > 0;
}

export async function subscribersFor(db: AnyDb, articleId: number, parentId: number | null): Promise<Subscriber[]> {
  const concerned =
    parentId === null
      ? and(eq(subscriptions.articleId, articleId), eq(subscriptions.kind, 'article'))
      : or(and(eq(subscriptions.articleId, articleId), eq(subscriptions.kind, 'article')), and(eq(subscriptions.commentId, parentId), eq(subscriptions.kind, 'replies')));
  return db
    .select({ subscriptionId: subscriptions.id, email: subscriptions.email, kind: subscriptions.kind, commentId: subscriptions.commentId })
    .from(subscriptions)
    .innerJoin(subscriberAddresses, and(eq(subscriberAddresses.siteId, subscriptions.siteId), eq(subscriberAddresses.email, subscriptions.email)))
    .where(
      and(
        concerned,
        isNotNull(subscriberAddresses.confirmedAt),
        sql`not exists (select 1 from ${mailSuppressions} where ${mailSuppressions.email} = ${subscriptions.email})`,
      ),
    )
    .orderBy(asc(subscriptions.id));
}

export async function findSubscription(db: AnyDb, id: number): Promise<SubscriptionRow | null> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row ?? null;
}

export async function unsubscribe(db: AnyDb, id: number): Promise<boolean> {
  const rows = await db.delete(subscriptions).where(eq(subscriptions.id, id)).returning({ id: subscriptions.id });
  return rows.length > 0;
}

export function suppressStatements(email: string, now: number): SQL[] {
  return [
    sql`delete from ${subscriptions} where email = ${lower(email)}`,
    sql`insert into ${mailSuppressions} (email, created_at) values (${lower(email)}, ${now}) on conflict (email) do nothing`,
  ];
}

export async function isSuppressed(db: AnyDb, email: string): Promise<boolean> {
  const rows = await db.select({ email: mailSuppressions.email }).from(mailSuppressions).where(eq(mailSuppressions.email, lower(email)));
  return rows.length > 0;
}

// ---- privacy ----------------------------------------------------------------------------------

export async function commentsByEmail(db: AnyDb, siteId: number, email: string): Promise<AdminCommentRow[]> {
  if (lower(email) === '') return [];
  const rows = await adminQuery(db, and(eq(articles.siteId, siteId), sameEmail(email))).orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map(toAdminRow);
}

/**
 * Anonymising, as statements: first the webhook events (if any; while the comments still carry the
 * address), then the comments (answering what changed), then the address's subscriptions on the site.
 * One event per comment, from `event`: its id gets `_<comment id>`, its payload the comment's id.
 */
export function anonymiseStatements(siteId: number, email: string, avatar: string, event?: NewOutboxEvent): SQL[] {
  const announce = event
    ? [
        sql`insert into ${webhookOutbox} (event_id, site_id, url, payload, attempts, next_attempt_at, created_at)
          select ${event.eventId} || '_' || ${comments.id}, ${event.siteId}, ${event.url}, json_set(${event.payload}, '$.data.comment.id', ${comments.id}),
            0, ${event.createdAt}, ${event.createdAt}
          from ${comments} where ${sameEmail(email)} and ${ofSite(siteId)}`,
      ]
    : [];
  return [
    ...announce,
    sql`update ${comments} set name = 'Anonymous', email = '', url = null, ip = null, user_agent = null, avatar = ${avatar}
        where ${sameEmail(email)} and ${ofSite(siteId)} returning id, article_id as articleId`,
    sql`delete from ${subscriptions} where site_id = ${siteId} and email = ${lower(email)}`,
    sql`delete from ${subscriberAddresses} where site_id = ${siteId} and email = ${lower(email)}`,
  ];
}

/** What anonymiseStatements' update answered (`announced`: whether it was given an event): the comments it changed. */
export function anonymiseResult(results: Array<Array<Record<string, unknown>>>, announced: boolean): Array<{ id: number; articleId: number }> {
  const changed = results[announced ? 1 : 0] ?? [];
  return changed.map((row) => ({ id: Number(row.id), articleId: Number(row.articleId) }));
}

// ---- retention --------------------------------------------------------------------------------

export async function forgetIps(db: AnyDb, siteId: number, before: number): Promise<number> {
  const rows = await db
    .update(comments)
    .set({ ip: null, userAgent: null })
    .where(and(ofSite(siteId), lt(comments.createdAt, before), or(isNotNull(comments.ip), isNotNull(comments.userAgent))))
    .returning({ id: comments.id });
  return rows.length;
}

export async function expiredSpamTrash(db: AnyDb, siteId: number, before: number, limit: number): Promise<number[]> {
  // The time it became spam or trash: its last audited change, else (spam at posting) its creation.
  const changedAt = sql`coalesce((select max(${auditLog.at}) from ${auditLog} where ${auditLog.commentId} = ${comments.id}), ${comments.createdAt})`;
  const rows = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(ofSite(siteId), inArray(comments.status, ['spam', 'trash']), sql`${changedAt} < ${before}`))
    .orderBy(asc(comments.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
