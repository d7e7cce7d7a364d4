// Set-based status changes for bulk moderation where round trips are dear (D1: a Worker invocation
// may run at most 1,000 queries, and one comment at a time cost about seven). See
// src/moderation/bulk-status.ts; the Node store does without (its queries cost microseconds).
import type { AdminCommentRow, ChangeEffects, CommentStatus, NewAudit } from './types.js';

export interface BulkStatusStore {
  /** The rows of these comments as moderators see them (getAdminComment's), in one read; missing ids are left out. */
  adminCommentsByIds(ids: number[]): Promise<Map<number, AdminCommentRow>>;
  /**
   * Gives each comment the status `to`, with one audit entry each (from the status it had when
   * written) and its mails and events written only if its change applied, atomically; answers the
   * ids changed (a comment gone since it was read is not).
   */
  changeStatuses(ids: number[], to: CommentStatus, audit: NewAudit, effects: Map<number, ChangeEffects>): Promise<Set<number>>;
  /** Purges each comment in turn as purgeComment does (replies move up), in a few batches; answers the ids deleted. */
  purgeComments(items: Array<{ id: number; effects: ChangeEffects }>, audit: NewAudit): Promise<Set<number>>;
}

export function isBulkStatusStore(store: object): store is BulkStatusStore {
  return 'changeStatuses' in store && 'adminCommentsByIds' in store && 'purgeComments' in store;
}
