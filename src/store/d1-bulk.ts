// Bulk status changes on D1 (bulk-types.ts): the rows read in one query, and every change with its
// audit entries, mails and events in one batch of set-based statements, 100 comments per statement
// group. Ids and rows travel as one JSON parameter each (json_each), far inside D1's 100 bound
// parameters per statement.
import { sql, type SQL } from 'drizzle-orm';
import { articles, auditLog, comments, mailOutbox, webhookOutbox } from '../db/schema.js';
import type { D1Db, Statement } from './d1.js';
import { mailValues } from './mail-queries.js';
import * as q from './queries.js';
import type { AdminCommentRow, ChangeEffects, CommentStatus, NewAudit } from './types.js';

/** Comments per group of statements: keeps each JSON parameter small (an event's payload is a few KB). */
const GROUP = 100;

type Batch = (statements: Statement[]) => Promise<Array<Array<Record<string, unknown>>>>;

const inIds = (ids: number[]): SQL => sql`(select value from json_each(${JSON.stringify(ids)}))`;

export async function adminCommentsByIds(db: D1Db, ids: number[]): Promise<Map<number, AdminCommentRow>> {
  const rows = await q.adminQuery(db, sql`${comments.id} in ${inIds(ids)}`).all();
  return new Map(rows.map((row) => [row.comment.id, q.toAdminRow(row)]));
}

/** The effects of one comment's change, only if it applied (the comment has the new status), as effectsIf does one by one. */
const applied = (of: SQL, to: CommentStatus) => sql`exists (select 1 from ${comments} where ${comments.id} = ${of} and ${comments.status} = ${to})`;

function groupStatements(ids: number[], to: CommentStatus, audit: NewAudit, effects: Map<number, ChangeEffects>): Statement[] {
  const mails = ids.flatMap((id) => (effects.get(id)?.mails ?? []).map((mail) => ({ of: id, ...mailValues(mail, id) })));
  const events = ids.flatMap((id) => (effects.get(id)?.events ?? []).map((event) => ({ of: id, ...event })));
  const value = (key: string) => sql`json_extract(j.value, ${`$.${key}`})`;
  const statements: Statement[] = [
    // First, so each entry records the status the update replaces (in the order the ids were given).
    sql`insert into ${auditLog} (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
      select ${audit.actor.type}, ${audit.actor.id}, ${audit.actor.name}, ${audit.action}, c.id, a.site_id, c.status, ${to},
        ${audit.detail ? JSON.stringify(audit.detail) : null}, ${audit.at}
      from json_each(${JSON.stringify(ids)}) j join ${comments} c on c.id = j.value join ${articles} a on a.id = c.article_id
      order by j.key`,
    sql`update ${comments} set status = ${to} where ${comments.id} in ${inIds(ids)} returning id`,
  ];
  if (mails.length > 0) {
    statements.push(sql`insert into ${mailOutbox} (site_id, kind, recipient, subject, text, html, headers, render, comment_id, moderator_id, next_attempt_at, created_at)
      select ${value('siteId')}, ${value('kind')}, ${value('recipient')}, ${value('subject')}, ${value('text')}, ${value('html')}, ${value('headers')},
        ${value('render')}, ${value('commentId')}, ${value('moderatorId')}, ${value('nextAttemptAt')}, ${value('createdAt')}
      from json_each(${JSON.stringify(mails)}) j where ${applied(value('of'), to)} order by j.key`);
  }
  if (events.length > 0) {
    statements.push(sql`insert into ${webhookOutbox} (event_id, site_id, url, payload, attempts, next_attempt_at, created_at)
      select ${value('eventId')}, ${value('siteId')}, ${value('url')}, ${value('payload')}, 0, ${value('createdAt')}, ${value('createdAt')}
      from json_each(${JSON.stringify(events)}) j where ${applied(value('of'), to)} order by j.key`);
  }
  return statements;
}

export async function changeStatuses(batch: Batch, ids: number[], to: CommentStatus, audit: NewAudit, effects: Map<number, ChangeEffects>): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const groups: number[][] = [];
  for (let i = 0; i < ids.length; i += GROUP) groups.push(ids.slice(i, i + GROUP));
  const plans = groups.map((group) => groupStatements(group, to, audit, effects));
  // One batch (one transaction, one round trip) for every group.
  const results = await batch(plans.flat());
  const changed = new Set<number>();
  let at = 0;
  for (const plan of plans) {
    for (const row of results[at + 1] ?? []) changed.add(Number(row.id));
    at += plan.length;
  }
  return changed;
}
