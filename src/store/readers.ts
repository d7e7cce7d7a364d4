// Reports and reactions, for both stores: every write is a list of statements that the better-sqlite3
// store runs in one transaction and the D1 store in one batch (atomic either way), with the checks
// that guard a write inside its own statements; reads are plain queries.
import { and, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { auditLog, commentReports } from '../db/schema.js';
import type { AnyDb } from './queries.js';
import type { NewAudit, NewReport, ReportOutcome, ReportRule, ReportSummary } from './types.js';

/** Runs statements atomically; answers the rows of the last one. */
export type RunAtomic = (statements: SQL[]) => Promise<Array<Record<string, unknown>>>;

/** Open reports of a comment, once per anonymised IP: what the threshold counts. */
const openCount = (commentId: number) =>
  sql`(select count(distinct ip_key) from comment_reports where comment_id = ${commentId} and dismissed_at is null)`;

export async function addReport(run: RunAtomic, report: NewReport, rule: ReportRule): Promise<ReportOutcome | null> {
  const id = report.commentId;
  const isNew = sql`exists (select 1 from comment_reports where id = ${report.id})`;
  const statements: SQL[] = [
    sql`insert into comment_reports (id, comment_id, reader_key, ip_key, reason, text, created_at)
      select ${report.id}, ${id}, ${report.readerKey}, ${report.ipKey}, ${report.reason}, ${report.text}, ${report.createdAt}
      where exists (select 1 from comments where id = ${id})
      on conflict (comment_id, reader_key) do nothing`,
    // At the threshold an approved comment goes back to the queue, with the reason moderators see.
    sql`update comments set status = 'pending', reasons = json_array('reports:' || ${openCount(id)})
      where id = ${id} and status = 'approved' and deleted = 0 and ${isNew} and ${openCount(id)} >= ${rule.threshold}`,
    // changes() is the update's just above: the audit entry only when it hid the comment.
    sql`insert into audit_log (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
      select 'readers', 0, 'Readers', 'reports.hide', c.id, a.site_id, 'approved', 'pending', json_object('reports', ${openCount(id)}), ${rule.at}
      from comments c join articles a on a.id = c.article_id where c.id = ${id} and changes() > 0`,
  ];
  if (rule.event) {
    const e = rule.event;
    statements.push(sql`insert into webhook_outbox (event_id, site_id, url, payload, attempts, next_attempt_at, created_at)
      select ${e.eventId}, ${e.siteId}, ${e.url},
        json_set(${e.payload}, '$.data.report.count', ${openCount(id)},
          '$.data.comment.status', (select status from comments where id = ${id}),
          '$.data.hidden', json(case when (select status from comments where id = ${id}) = 'approved' then 'false' else 'true' end)),
        0, ${e.createdAt}, ${e.createdAt}
      where ${isNew}`);
  }
  statements.push(sql`select ${isNew} as added, ${openCount(id)} as count, c.status as status, c.reasons as reasons, c.article_id as articleId
    from comments c where c.id = ${id}`);
  const [row] = await run(statements);
  if (!row) return null;
  const reasons = typeof row.reasons === 'string' ? row.reasons : '';
  return {
    added: Number(row.added) === 1,
    count: Number(row.count),
    hidden: row.status === 'pending' && reasons.includes('"reports:'),
    articleId: Number(row.articleId),
  };
}

export async function recentReports(db: AnyDb, readerKey: string, ipKey: string, since: number) {
  const count = async (where: SQL | undefined) =>
    (await db.select({ n: sql<number>`count(*)` }).from(commentReports).where(where).get())?.n ?? 0;
  const [byReader, byIp] = await Promise.all([
    count(and(eq(commentReports.readerKey, readerKey), gte(commentReports.createdAt, since))),
    count(and(eq(commentReports.ipKey, ipKey), gte(commentReports.createdAt, since))),
  ]);
  return { byReader, byIp };
}

export async function reportSummaries(db: AnyDb, commentIds: number[]): Promise<Map<number, ReportSummary>> {
  const summaries = new Map<number, ReportSummary>();
  if (commentIds.length === 0) return summaries;
  // D1 binds at most 100 parameters; a queue page is at most 200 comments.
  for (let i = 0; i < commentIds.length; i += 90) {
    const ids = commentIds.slice(i, i + 90);
    const rows = await db
      .select({ commentId: commentReports.commentId, ipKey: commentReports.ipKey, reason: commentReports.reason, text: commentReports.text })
      .from(commentReports)
      .where(and(inArray(commentReports.commentId, ids), isNull(commentReports.dismissedAt)))
      .orderBy(desc(commentReports.createdAt))
      .all();
    const ips = new Map<number, Set<string>>();
    for (const row of rows) {
      let summary = summaries.get(row.commentId);
      if (!summary) summaries.set(row.commentId, (summary = { count: 0, reports: 0, reasons: {}, notes: [] }));
      summary.reports += 1;
      summary.reasons[row.reason] = (summary.reasons[row.reason] ?? 0) + 1;
      if (row.text && summary.notes.length < 10) summary.notes.push(row.text);
      let seen = ips.get(row.commentId);
      if (!seen) ips.set(row.commentId, (seen = new Set()));
      seen.add(row.ipKey);
      summary.count = seen.size;
    }
  }
  return summaries;
}

export async function dismissReports(run: RunAtomic, commentId: number, audit: NewAudit): Promise<number> {
  const open = sql`(select count(*) from comment_reports where comment_id = ${commentId} and dismissed_at is null)`;
  const [row] = await run([
    sql`insert into ${auditLog} (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
      select ${audit.actor.type}, ${audit.actor.id}, ${audit.actor.name}, ${audit.action}, c.id, a.site_id, c.status, c.status,
        json_object('reports', ${open}), ${audit.at}
      from comments c join articles a on a.id = c.article_id where c.id = ${commentId} and ${open} > 0`,
    sql`update comment_reports set dismissed_at = ${audit.at} where comment_id = ${commentId} and dismissed_at is null`,
    sql`select changes() as n`,
  ]);
  return Number(row?.n ?? 0);
}

/** Likes one network may give one comment (readers behind one NAT share it; one person cannot inflate a count without end). */
export const REACTIONS_PER_NETWORK = 20;

/** A reader's reaction on or off; the comment's counter is recounted in the same write. */
export async function setReaction(run: RunAtomic, commentId: number, reader: { readerKey: string; ipKey: string }, on: boolean, now: number) {
  const [row] = await run([
    on
      ? sql`insert into comment_reactions (comment_id, reader_key, ip_key, created_at) select ${commentId}, ${reader.readerKey}, ${reader.ipKey}, ${now}
          where exists (select 1 from comments where id = ${commentId})
            and (select count(*) from comment_reactions where comment_id = ${commentId} and ip_key = ${reader.ipKey}) < ${REACTIONS_PER_NETWORK}
          on conflict do nothing`
      : sql`delete from comment_reactions where comment_id = ${commentId} and reader_key = ${reader.readerKey}`,
    sql`update comments set reactions = (select count(*) from comment_reactions where comment_id = ${commentId}) where id = ${commentId}`,
    sql`select reactions, article_id as articleId,
      exists (select 1 from comment_reactions where comment_id = ${commentId} and reader_key = ${reader.readerKey}) as reacted
      from comments where id = ${commentId}`,
  ]);
  return row ? { reactions: Number(row.reactions), reacted: Number(row.reacted) === 1, articleId: Number(row.articleId) } : null;
}
