// Akismet learns from moderators: their Spam / Not spam decisions go back to it through the outbox.
import { akismetFields, akismetSubmission } from '../spam/services.js';
import type { AdminCommentRow, CommentStatus } from '../store/types.js';
import type { ModerationDeps } from './service.js';

/**
 * A moderator's Spam / Not spam decision as an Akismet submission, for sites with a key: to spam is
 * submit-spam, out of spam (approve, restore) is submit-ham. Written with the decision (outbox).
 */
export async function akismetFeedback(deps: Pick<ModerationDeps, 'store' | 'now'>, row: AdminCommentRow, to: CommentStatus) {
  const from = row.comment.status;
  const kind = to === 'spam' && from !== 'spam' ? 'spam' : from === 'spam' && to !== 'spam' && to !== 'trash' ? 'ham' : null;
  if (kind === null || row.comment.moderator) return undefined;
  const site = await deps.store.getSite(row.siteSlug);
  if (!site?.settings.akismetKey) return undefined;
  const { comment, article } = row;
  const fields = akismetFields(site, {
    articleKey: article.key,
    articleUrl: article.url,
    parentId: comment.parentId,
    name: comment.name,
    email: comment.email,
    url: comment.url,
    body: comment.bodySource,
    // Only the anonymised address was kept (the last part zeroed): Akismet is told that one.
    ip: comment.ip,
    userAgent: comment.userAgent,
    createdAt: comment.createdAt,
  });
  return [akismetSubmission(site, kind, fields, deps.now())];
}

