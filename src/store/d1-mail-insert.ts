// The mails and webhook events of a new comment in the D1 insert batch (a file of its own: d1.ts needs
// it, and d1-mail.ts needs d1.ts).
import { sql, type SQL } from 'drizzle-orm';
import { articles, comments, mailOutbox, webhookOutbox } from '../db/schema.js';
import { mailValues } from './mail-queries.js';
import { NEW_COMMENT_FILLED } from './new-comment-events.js';
import type { ChangeEffects, NewComment } from './types.js';

/**
 * D1 has no transaction to learn the new id in, so the comment is found as the newest row (the insert
 * earlier in the same batch, which D1 runs alone, made the highest id) that also carries its edit token
 * hash (random per comment) or, without one, what it is. When the guard refused the insert, the newest
 * row is an older comment, whose hash (or content) differs, and the `having` writes nothing. The id
 * comes from the primary key, so no statement scans comments (the hash has no index).
 */
function newCommentMatch(input: Pick<NewComment, 'editTokenHash' | 'createdAt' | 'email' | 'bodySource'>, articleOf: SQL): SQL {
  const newest = sql`${comments.id} = (select max(${comments.id}) from ${comments})`;
  return input.editTokenHash
    ? sql`${newest} and ${comments.editTokenHash} = ${input.editTokenHash}`
    : sql`${newest} and ${comments.articleId} = ${articleOf} and ${comments.createdAt} = ${input.createdAt} and ${comments.email} = ${input.email} and ${comments.bodySource} = ${input.bodySource}`;
}

const MAIL_COLUMNS = sql.raw('(site_id, kind, recipient, subject, text, html, headers, render, comment_id, moderator_id, next_attempt_at, created_at)');
const EVENT_COLUMNS = sql.raw('(event_id, site_id, url, payload, attempts, next_attempt_at, created_at)');

/**
 * For a moderator's change in a D1 batch: its mails and events, each written only if `applied` holds
 * when the statement runs. D1 has no transaction to re-read the comment in, so a comment purged or
 * changed since the store read it gets no mail or event for a change that did not happen.
 * One statement per row: each binds at most 14 parameters (D1 allows 100).
 */
export function effectsIf(applied: SQL, effects: ChangeEffects, commentId: number): SQL[] {
  const mails = (effects.mails ?? []).map((mail) => {
    const v = mailValues(mail, commentId);
    return sql`insert into ${mailOutbox} ${MAIL_COLUMNS}
      select ${v.siteId}, ${v.kind}, ${v.recipient}, ${v.subject}, ${v.text}, ${v.html}, ${v.headers}, ${v.render}, ${v.commentId},
        ${v.moderatorId}, ${v.nextAttemptAt}, ${v.createdAt}
      where ${applied}`;
  });
  const events = (effects.events ?? []).map(
    (e) => sql`insert into ${webhookOutbox} ${EVENT_COLUMNS}
      select ${e.eventId}, ${e.siteId}, ${e.url}, ${e.payload}, 0, ${e.createdAt}, ${e.createdAt}
      where ${applied}`,
  );
  return [...mails, ...events];
}

/**
 * For a D1 insert batch: the mails of a new comment, each taking the id of the comment the batch
 * inserted. `also`: a further condition on the inserted row (which of two decisions it was stored as).
 */
export function mailsOfNewComment(input: Pick<NewComment, 'mails' | 'editTokenHash' | 'createdAt' | 'email' | 'bodySource'>, articleOf: SQL, also?: SQL): SQL[] {
  const match = also ? sql`${newCommentMatch(input, articleOf)} and ${also}` : newCommentMatch(input, articleOf);
  return (input.mails ?? []).map((mail) => {
    const v = mailValues(mail);
    return sql`insert into ${mailOutbox} ${MAIL_COLUMNS}
      select ${v.siteId}, ${v.kind}, ${v.recipient}, ${v.subject}, ${v.text}, ${v.html}, ${v.headers}, ${v.render}, max(${comments.id}),
        ${v.moderatorId}, ${v.nextAttemptAt}, ${v.createdAt}
      from ${comments} where ${match} having count(*) > 0`;
  });
}

/**
 * For a D1 insert batch: the webhook events of a new comment, their payloads given the inserted
 * comment's id and its article's url and title (as filledEvents does on Node), only if it was written.
 * `also`: a further condition on the inserted row; `parentFromSql`: the parent's name and html are
 * filled in from the parent row too (a post decided without reading it).
 */
export function eventsOfNewComment(
  input: Pick<NewComment, 'events' | 'siteId' | 'articleKey' | 'parentId' | 'editTokenHash' | 'createdAt' | 'email' | 'bodySource'>,
  articleOf: SQL,
  options: { also?: SQL; parentFromSql?: boolean } = {},
): SQL[] {
  const match = options.also ? sql`${newCommentMatch(input, articleOf)} and ${options.also}` : newCommentMatch(input, articleOf);
  const article = sql`${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey}`;
  const parentFill =
    options.parentFromSql && input.parentId !== null
      ? sql`, ${NEW_COMMENT_FILLED.parentName}, (select parent.name from ${comments} parent where parent.id = ${input.parentId}),
          ${NEW_COMMENT_FILLED.parentHtml}, (select parent.html from ${comments} parent where parent.id = ${input.parentId})`
      : sql``;
  return (input.events ?? []).map(
    (e) => sql`insert into ${webhookOutbox} ${EVENT_COLUMNS}
      select ${e.eventId}, ${e.siteId}, ${e.url},
        json_set(${e.payload}, ${NEW_COMMENT_FILLED.id}, max(${comments.id}),
          ${NEW_COMMENT_FILLED.articleUrl}, (select ${articles.url} from ${articles} where ${article}),
          ${NEW_COMMENT_FILLED.articleTitle}, (select ${articles.title} from ${articles} where ${article})${parentFill}),
        0, ${e.createdAt}, ${e.createdAt}
      from ${comments} where ${match} having count(*) > 0`,
  );
}
