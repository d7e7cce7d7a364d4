// Bans and author history, for both stores: reads are Drizzle queries (awaited the same way on
// better-sqlite3 and D1); each write is a list of statements (the ban change and its audit entry) that
// a store runs atomically, answering the last one's rows.
import { and, asc, desc, eq, gt, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { articles, bans, comments, commentStatuses, type BanRow } from '../db/schema.js';
import type { BanKeys, BanKind, NewBan, StatusCounts } from './bans-types.js';
import type { AnyDb } from './queries.js';
import type { RunAtomic } from './readers.js';
import type { NewAudit } from './types.js';

type Param<T> = T | SQLWrapper;

/**
 * The ban check of a new comment: one (site, kind, value) index lookup per key (the site is in each
 * branch of the OR, so each is a full lookup). A key that is null matches nothing. One SQL text
 * whatever the keys, so the Node store prepares it once.
 */
export function activeBanQuery(db: AnyDb, v: { siteId: Param<number>; email: Param<string | null>; domain: Param<string | null>; ip: Param<string | null>; now: Param<number> }) {
  const key = (kind: BanKind, value: Param<string | null>) => and(eq(bans.siteId, v.siteId), eq(bans.kind, kind), sql`${bans.value} = ${value}`);
  return db
    .select({ id: bans.id, kind: bans.kind })
    .from(bans)
    .where(and(or(key('email', v.email), key('domain', v.domain), key('ip', v.ip)), or(isNull(bans.until), gt(bans.until, v.now))));
  // No LIMIT: at most three rows can match, and a bound `limit ?` made SQLite's statement ten times slower.
}

export async function activeBan(db: AnyDb, siteId: number, keys: BanKeys, now: number) {
  if (!keys.email && !keys.domain && !keys.ip) return null;
  return (await activeBanQuery(db, { siteId, ...keys, now }).get()) ?? null;
}

export async function listBans(db: AnyDb, siteId: number, limit: number) {
  return db.select().from(bans).where(eq(bans.siteId, siteId)).orderBy(desc(bans.id)).limit(limit).all();
}

export async function findBan(db: AnyDb, siteId: number, kind: BanKind, value: string) {
  return (await db.select().from(bans).where(and(eq(bans.siteId, siteId), eq(bans.kind, kind), eq(bans.value, value))).get()) ?? null;
}

export async function getBan(db: AnyDb, id: number) {
  return (await db.select().from(bans).where(eq(bans.id, id)).get()) ?? null;
}

/** A raw row of `select * from bans` as a BanRow. */
export function toBanRow(row: Record<string, unknown> | undefined): BanRow | null {
  if (!row) return null;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    kind: row.kind as BanKind,
    value: String(row.value),
    until: num(row.until),
    note: row.note === null || row.note === undefined ? null : String(row.note),
    commentId: num(row.comment_id),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
  };
}

function auditStatement(audit: NewAudit, siteId: SQL | number, detail: SQL, onlyIf: SQL) {
  return sql`insert into audit_log (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
    select ${audit.actor.type}, ${audit.actor.id}, ${audit.actor.name}, ${audit.action}, null, ${siteId}, null, null, ${detail}, ${audit.at}
    where ${onlyIf}`;
}

/** The audit detail of a ban as it is in the row: never the email itself (the audit log outlives an erased author). */
const banDetail = (b: string) =>
  sql.raw(`json_object('ban', ${b}.id, 'kind', ${b}.kind, 'value', case when ${b}.kind = 'email' then null else ${b}.value end,
    'until', ${b}.until, 'note', ${b}.note, 'commentId', ${b}.comment_id)`);

export async function addBan(run: RunAtomic, ban: NewBan, audit: NewAudit) {
  const key = sql`site_id = ${ban.siteId} and kind = ${ban.kind} and value = ${ban.value}`;
  const rows = await run([
    sql`insert into bans (site_id, kind, value, until, note, comment_id, created_by, created_at)
      values (${ban.siteId}, ${ban.kind}, ${ban.value}, ${ban.until}, ${ban.note}, ${ban.commentId}, ${ban.createdBy}, ${ban.createdAt})
      on conflict (site_id, kind, value) do nothing`,
    // changes() is the insert's: the entry only when this request made the ban.
    sql`insert into audit_log (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
      select ${audit.actor.type}, ${audit.actor.id}, ${audit.actor.name}, ${audit.action}, ${ban.commentId}, b.site_id, null, null, ${banDetail('b')}, ${audit.at}
      from bans b where b.site_id = ${ban.siteId} and b.kind = ${ban.kind} and b.value = ${ban.value} and changes() > 0`,
    sql`select * from bans where ${key}`,
  ]);
  return toBanRow(rows[0]);
}

export async function updateBan(run: RunAtomic, id: number, change: { until?: number | null; note?: string | null }, audit: NewAudit) {
  const sets: SQL[] = [];
  if (change.until !== undefined) sets.push(sql`until = ${change.until}`);
  if (change.note !== undefined) sets.push(sql`note = ${change.note}`);
  if (sets.length === 0) return toBanRow((await run([sql`select * from bans where id = ${id}`]))[0]);
  const rows = await run([
    sql`update bans set ${sql.join(sets, sql`, `)} where id = ${id}`,
    auditStatement(audit, sql`(select site_id from bans where id = ${id})`, sql`(select ${banDetail('b')} from bans b where b.id = ${id})`, sql`changes() > 0`),
    sql`select * from bans where id = ${id}`,
  ]);
  return toBanRow(rows[0]);
}

export async function liftBan(run: RunAtomic, id: number, audit: NewAudit) {
  // The audit entry first, while the row is there to describe; the row it answers is the one deleted.
  const rows = await run([
    sql`insert into audit_log (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
      select ${audit.actor.type}, ${audit.actor.id}, ${audit.actor.name}, ${audit.action}, null, b.site_id, null, null, ${banDetail('b')}, ${audit.at}
      from bans b where b.id = ${id}`,
    sql`delete from bans where id = ${id} returning *`,
  ]);
  return toBanRow(rows[0]);
}

export const emptyStatusCounts = (): StatusCounts => ({ pending: 0, approved: 0, spam: 0, trash: 0 });

/**
 * Counts per (site, email) and status for a page of the queue: one grouped query, which reads each
 * email's comments through the comments_email_lower index.
 */
export async function authorCounts(db: AnyDb, authors: Array<{ siteId: number; email: string }>) {
  const counts = new Map<string, StatusCounts>();
  const emails = [...new Set(authors.map((a) => a.email.toLowerCase()).filter((e) => e !== ''))];
  if (emails.length === 0) return counts;
  const lowerEmail = sql<string>`lower(${comments.email})`;
  const rows = await db
    .select({ siteId: articles.siteId, email: lowerEmail, status: comments.status, n: sql<number>`count(*)` })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(inArray(lowerEmail, emails), eq(comments.deleted, false)))
    .groupBy(articles.siteId, lowerEmail, comments.status)
    .all();
  for (const row of rows) {
    const key = `${row.siteId} ${row.email}`;
    const entry = counts.get(key) ?? emptyStatusCounts();
    if ((commentStatuses as readonly string[]).includes(row.status)) entry[row.status] += Number(row.n);
    counts.set(key, entry);
  }
  return counts;
}

export async function pendingByAuthor(db: AnyDb, siteId: number, author: string, limit: number) {
  const rows = await db
    .select({ id: comments.id })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(eq(comments.avatar, author), sql`${comments.email} <> ''`, eq(comments.status, 'pending'), eq(articles.siteId, siteId)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}
