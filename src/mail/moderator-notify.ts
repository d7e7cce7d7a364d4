// Which moderators hear of a new comment at once (WordPress's "Email me whenever …"): held comments
// go to those with "a comment is held", published ones to those with "anyone posts a comment";
// moderators who chose a digest hear of it in the digest instead. Spam is never mailed.
import type { CommentStatus, MailRecipient, NewMail } from '../store/types.js';

export function moderatorMailsForNewComment(
  recipients: MailRecipient[],
  comment: { siteId: number; status: CommentStatus; moderator: boolean; createdAt: number },
): NewMail[] {
  if (comment.moderator || comment.status === 'spam' || comment.status === 'trash') return [];
  return recipients
    .filter((r) => r.prefs.digestMinutes === 0 && (comment.status === 'pending' ? r.prefs.onHeld : r.prefs.onNew))
    .map((r) => ({
      siteId: comment.siteId,
      kind: comment.status === 'pending' ? 'moderator.held' : 'moderator.new',
      to: r.email,
      render: 'moderator.comment',
      moderatorId: r.moderatorId,
      createdAt: comment.createdAt,
    }));
}
