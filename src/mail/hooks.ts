// Where the mail of each event comes from: features (moderators' notifications here; readers'
// subscriptions and others later) add a hook to a list, and createApp runs every hook of an event
// and writes all their mail in the event's own transaction.
import type { AdminCommentRow, CommentChange, NewComment, NewMail, Site, Store } from '../store/types.js';
import { moderatorMailsForNewComment } from './moderator-notify.js';

/** Mail for a comment about to be inserted; the store sets each mail's commentId to the new comment's id. */
export type NewCommentMailHook = (site: Site, comment: NewComment) => Promise<NewMail[]>;
/** Mail for a moderator's status change about to be written (the row is the comment before it). */
export type ChangeMailHook = (row: AdminCommentRow, change: CommentChange) => Promise<NewMail[]>;

export interface MailHooks {
  newComment: NewCommentMailHook[];
  change: ChangeMailHook[];
}

/** The hooks Parley itself has. */
export function defaultMailHooks(store: Store): MailHooks {
  return {
    newComment: [async (site, comment) => moderatorMailsForNewComment(await store.mailRecipients(site.id), { ...comment, siteId: site.id })],
    change: [],
  };
}

/** Runs every hook in order and concatenates their mail. */
export async function runHooks<A extends unknown[]>(hooks: Array<(...args: A) => Promise<NewMail[]>>, ...args: A): Promise<NewMail[]> {
  const mails: NewMail[] = [];
  for (const hook of hooks) mails.push(...(await hook(...args)));
  return mails;
}
