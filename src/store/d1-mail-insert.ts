// The mails of a new comment in the D1 insert batch (a file of its own: d1.ts needs it, and d1-mail.ts needs d1.ts).
import { sql, type SQL } from 'drizzle-orm';
import { comments, mailOutbox } from '../db/schema.js';
import { mailValues } from './mail-queries.js';
import type { NewComment } from './types.js';

/**
 * For a D1 insert batch: the mails of a new comment, each taking the id of the comment the batch
 * inserted. D1 has no transaction to learn the id in, so the comment is found by its edit token
 * hash (random per comment) or, without one, by what it is; when the insert was refused there is
 * no such comment and no mail is written.
 */
export function mailsOfNewComment(input: NewComment, articleOf: SQL): SQL[] {
  const match = input.editTokenHash
    ? sql`${comments.editTokenHash} = ${input.editTokenHash}`
    : sql`${comments.articleId} = ${articleOf} and ${comments.createdAt} = ${input.createdAt} and ${comments.email} = ${input.email} and ${comments.bodySource} = ${input.bodySource}`;
  return (input.mails ?? []).map((mail) => {
    const v = mailValues(mail);
    return sql`insert into ${mailOutbox} (site_id, kind, recipient, subject, text, html, headers, render, comment_id, moderator_id, next_attempt_at, created_at)
      select ${v.siteId}, ${v.kind}, ${v.recipient}, ${v.subject}, ${v.text}, ${v.html}, ${v.headers}, ${v.render}, max(${comments.id}),
        ${v.moderatorId}, ${v.nextAttemptAt}, ${v.createdAt}
      from ${comments} where ${match} having count(*) > 0`;
  });
}

