// Mail queries shared by the better-sqlite3 and D1 stores: the outbox, moderators' preferences, digests.
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { articles, comments, mailOutbox, mailTokensUsed, moderatorMailPrefs, moderators, sites } from '../db/schema.js';
import { adminQuery, toAdminRow, type AnyDb } from './queries.js';
import { defaultMailPrefs, type AdminCommentRow, type MailPrefs, type MailRecipient, type NewMail } from './types.js';

/** The outbox row of a new mail; `commentId` (the comment the event created) wins over the mail's own. */
export function mailValues(mail: NewMail, commentId?: number) {
  return {
    siteId: mail.siteId,
    kind: mail.kind,
    recipient: mail.to,
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: mail.html ?? '',
    headers: JSON.stringify(mail.headers ?? {}),
    render: mail.render ?? null,
    commentId: commentId ?? mail.commentId ?? null,
    moderatorId: mail.moderatorId ?? null,
    nextAttemptAt: mail.createdAt,
    createdAt: mail.createdAt,
  };
}

/** The insert of mails (`commentId`: the comment the same transaction created); null when there are none. */
export function insertMailsQuery(db: AnyDb, mails: NewMail[] | undefined, commentId?: number) {
  if (!mails || mails.length === 0) return null;
  return db.insert(mailOutbox).values(mails.map((mail) => mailValues(mail, commentId)));
}

/** Mail that is due: not sent, not given up on, its time come, and not claimed by a live sender. */
export function mailsDue(now: number): SQL | undefined {
  return and(
    isNull(mailOutbox.sentAt),
    isNull(mailOutbox.failedAt),
    lte(mailOutbox.nextAttemptAt, now),
    or(isNull(mailOutbox.lockedUntil), lte(mailOutbox.lockedUntil, now)),
  );
}

export async function listFailedMails(db: AnyDb, limit: number) {
  return db.select().from(mailOutbox).where(isNotNull(mailOutbox.failedAt)).orderBy(desc(mailOutbox.failedAt), desc(mailOutbox.id)).limit(limit).all();
}

function toPrefs(row: { onNew: boolean | null; onHeld: boolean | null; digestMinutes: number | null }): MailPrefs {
  return {
    onNew: row.onNew ?? defaultMailPrefs.onNew,
    onHeld: row.onHeld ?? defaultMailPrefs.onHeld,
    digestMinutes: row.digestMinutes ?? defaultMailPrefs.digestMinutes,
  };
}

export async function mailRecipients(db: AnyDb, siteId: number): Promise<MailRecipient[]> {
  const rows = await db
    .select({
      moderatorId: moderators.id,
      email: moderators.email,
      name: moderators.name,
      onNew: moderatorMailPrefs.onNew,
      onHeld: moderatorMailPrefs.onHeld,
      digestMinutes: moderatorMailPrefs.digestMinutes,
      lastDigestAt: moderatorMailPrefs.lastDigestAt,
    })
    .from(moderators)
    .leftJoin(moderatorMailPrefs, and(eq(moderatorMailPrefs.moderatorId, moderators.id), eq(moderatorMailPrefs.siteId, siteId)))
    // Admins, and the moderators of this site: nobody hears of (or reads authors' emails on) a site they do not moderate.
    .where(or(eq(moderators.role, 'admin'), sql`${siteId} in (select value from json_each(${moderators.sites}))`))
    .orderBy(asc(moderators.id))
    .all();
  return rows.map((r) => ({ moderatorId: r.moderatorId, email: r.email, name: r.name, prefs: toPrefs(r), lastDigestAt: r.lastDigestAt }));
}

export async function mailPrefsOf(db: AnyDb, moderatorId: number) {
  const rows = await db
    .select({
      siteId: sites.id,
      site: sites.slug,
      onNew: moderatorMailPrefs.onNew,
      onHeld: moderatorMailPrefs.onHeld,
      digestMinutes: moderatorMailPrefs.digestMinutes,
    })
    .from(sites)
    .leftJoin(moderatorMailPrefs, and(eq(moderatorMailPrefs.siteId, sites.id), eq(moderatorMailPrefs.moderatorId, moderatorId)))
    .orderBy(asc(sites.slug))
    .all();
  return rows.map((r) => ({ siteId: r.siteId, site: r.site, prefs: toPrefs(r) }));
}

export function saveMailPrefsQuery(db: AnyDb, moderatorId: number, siteId: number, prefs: MailPrefs, now: number) {
  return db
    .insert(moderatorMailPrefs)
    .values({ moderatorId, siteId, ...prefs, lastDigestAt: now })
    .onConflictDoUpdate({
      target: [moderatorMailPrefs.moderatorId, moderatorMailPrefs.siteId],
      // A digest that starts now covers comments from now on, not every comment since the row was made.
      set: { ...prefs, lastDigestAt: sql`case when ${moderatorMailPrefs.digestMinutes} = 0 then ${now} else ${moderatorMailPrefs.lastDigestAt} end` },
    });
}

export function digestDoneQuery(db: AnyDb, moderatorId: number, siteId: number, until: number) {
  return db
    .update(moderatorMailPrefs)
    .set({ lastDigestAt: until })
    .where(and(eq(moderatorMailPrefs.moderatorId, moderatorId), eq(moderatorMailPrefs.siteId, siteId)));
}

export async function commentsForDigest(db: AnyDb, siteId: number, since: number, until: number, limit: number): Promise<AdminCommentRow[]> {
  const rows = await adminQuery(
    db,
    and(eq(articles.siteId, siteId), gte(comments.createdAt, since), lt(comments.createdAt, until), eq(comments.deleted, false)),
  )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .all();
  return rows.map(toAdminRow);
}

export async function mailTokenUsed(db: AnyDb, id: string) {
  return db.select({ id: mailTokensUsed.id }).from(mailTokensUsed).where(eq(mailTokensUsed.id, id)).get();
}

export const pruneSentMails = (db: AnyDb, before: number) => db.delete(mailOutbox).where(and(isNotNull(mailOutbox.sentAt), lt(mailOutbox.sentAt, before)));
export const pruneUsedTokens = (db: AnyDb, before: number) => db.delete(mailTokensUsed).where(lt(mailTokensUsed.usedAt, before));
