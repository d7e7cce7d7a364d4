// Moderators and readers' contributions: dismissing reports, featuring comments.
import { AppError } from '../errors.js';
import type { Actor } from '../store/types.js';
import { applyAction, changeAndAnnounce, getComment, toAdminComment, type AdminComment, type ModerationDeps } from './service.js';

/** Whether the comment is in the queue because readers' reports took it there. */
const heldByReports = (comment: AdminComment) => comment.status === 'pending' && comment.reasons.some((r) => r.startsWith('reports:'));

/**
 * Dismisses a comment's open reports: the comment stays, and one that the reports took out of the
 * thread goes back into it. Both steps are audited.
 */
export async function dismissReports(deps: ModerationDeps, id: number, actor: Actor): Promise<AdminComment> {
  // Only its status and reasons are needed here, not its reports (getComment would read those too).
  const row = await deps.store.getAdminComment(id);
  if (!row) throw new AppError('not_found', 'There is no such comment.');
  const before = toAdminComment(row);
  await deps.store.dismissReports(id, { actor, action: 'reports.dismiss', at: deps.now() });
  if (heldByReports(before) && !before.deleted) await applyAction(deps, id, 'approve', actor);
  return getComment(deps, id);
}

export async function setFeatured(deps: ModerationDeps, id: number, featured: boolean, actor: Actor): Promise<AdminComment> {
  const row = await deps.store.getAdminComment(id);
  if (!row) throw new AppError('not_found', 'There is no such comment.');
  if (featured && (row.comment.status !== 'approved' || row.comment.deleted)) {
    throw new AppError('forbidden', 'Only approved comments can be featured.');
  }
  if (row.comment.featured === featured) return getComment(deps, id);
  const audit = { actor, action: featured ? 'feature' : 'unfeature', at: deps.now() };
  await changeAndAnnounce(deps, row, { featured }, audit, featured ? { event: 'comment.featured' } : {});
  return getComment(deps, id);
}
