// The mails and webhook events of a new comment in the D1 insert batch (a file of its own: d1.ts needs
// it, and d1-mail.ts needs d1.ts).
import { sql, type SQL } from 'drizzle-orm';
import { articles, comments, mailOutbox, webhookOutbox } from '../db/schema.js';
import { mailValues } from './mail-queries.js';
import { NEW_COMMENT_FILLED } from './new-comment-events.js';
import type { NewComment } from './types.js';

/**
 * D1 has no transaction to learn the new id in, so the comment is found by its edit token hash
 * (random per comment) or, without one, by what it is; when the insert was refused there is no such
 * comment, and the `having` writes nothing.
 */
function newCommentMatch(input: NewComment, articleOf: SQL): SQL {
  return input.editTokenHash
    ? sql`${comments.editTokenHash} = ${input.editTokenHash}`
    : sql`${comments.articleId} = ${articleOf} and ${comments.createdAt} = ${input.createdAt} and ${comments.email} = ${input.email} and ${comments.bodySource} = ${input.bodySource}`;
}

/** For a D1 insert batch: the mails of a new comment, each taking the id of the comment the batch inserted. */
export function mailsOfNewComment(input: NewComment, articleOf: SQL): SQL[] {
  const match = newCommentMatch(input, articleOf);
  return (input.mails ?? []).map((mail) => {
    const v = mailValues(mail);
    return sql`insert into ${mailOutbox} (site_id, kind, recipient, subject, text, html, headers, render, comment_id, moderator_id, next_attempt_at, created_at)
      select ${v.siteId}, ${v.kind}, ${v.recipient}, ${v.subject}, ${v.text}, ${v.html}, ${v.headers}, ${v.render}, max(${comments.id}),
        ${v.moderatorId}, ${v.nextAttemptAt}, ${v.createdAt}
      from ${comments} where ${match} having count(*) > 0`;
  });
}

/**
 * For a D1 insert batch: the webhook events of a new comment, their payloads given the inserted
 * comment's id and its article's url and title (as filledEvents does on Node), only if it was written.
 */
export function eventsOfNewComment(input: NewComment, articleOf: SQL): SQL[] {
  const match = newCommentMatch(input, articleOf);
  const article = sql`${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey}`;
  return (input.events ?? []).map(
    (e) => sql`insert into ${webhookOutbox} (event_id, site_id, url, payload, attempts, next_attempt_at, created_at)
      select ${e.eventId}, ${e.siteId}, ${e.url},
        json_set(${e.payload}, ${NEW_COMMENT_FILLED.id}, max(${comments.id}),
          ${NEW_COMMENT_FILLED.articleUrl}, (select ${articles.url} from ${articles} where ${article}),
          ${NEW_COMMENT_FILLED.articleTitle}, (select ${articles.title} from ${articles} where ${article})),
        0, ${e.createdAt}, ${e.createdAt}
      from ${comments} where ${match} having count(*) > 0`,
  );
}
