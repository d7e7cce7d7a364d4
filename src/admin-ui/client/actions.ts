// What each status action does, which statuses allow it, and which action takes a comment back to
// where it was (that is how an action is undone). Mirrors the moderation API's transitions; the
// admin-ui tests check the two agree, for every action from every status, through the real API.

export type Status = 'pending' | 'approved' | 'spam' | 'trash';
export type StatusAction = 'approve' | 'unapprove' | 'spam' | 'trash' | 'restore';

export const statusActions: readonly StatusAction[] = ['approve', 'unapprove', 'spam', 'trash', 'restore'];

export const RESULT: Record<StatusAction, Status> = {
  approve: 'approved',
  unapprove: 'pending',
  spam: 'spam',
  trash: 'trash',
  restore: 'pending',
};

const FROM: Record<StatusAction, readonly Status[]> = {
  approve: ['pending', 'spam', 'trash'],
  unapprove: ['approved'],
  spam: ['pending', 'approved', 'trash'],
  trash: ['pending', 'approved', 'spam'],
  restore: ['spam', 'trash'],
};

export function isStatus(value: string | undefined): value is Status {
  return value === 'pending' || value === 'approved' || value === 'spam' || value === 'trash';
}

export function isStatusAction(value: string | undefined): value is StatusAction {
  return statusActions.some((action) => action === value);
}

/** Whether the API lets `action` change a comment that is `status`. */
export function allowed(action: StatusAction, status: Status): boolean {
  return FROM[action].includes(status);
}

/** The one action that takes a comment that is now `now` back to `before`; null when it did not move. */
export function actionBack(before: Status, now: Status): StatusAction | null {
  if (before === now) return null;
  if (before === 'pending') return now === 'approved' ? 'unapprove' : 'restore';
  if (before === 'approved') return 'approve';
  return before;
}

/** "Comment approved." — what the moderator is told after an action, with "Undo" beside it. */
export function doneMessage(action: StatusAction | 'delete', count = 1): string {
  const what = count === 1 ? 'Comment' : `${count} comments`;
  const verbs: Record<StatusAction | 'delete', string> = {
    approve: 'approved',
    unapprove: 'unapproved',
    spam: 'marked as spam',
    trash: 'moved to the Trash',
    restore: 'restored',
    delete: 'deleted permanently',
  };
  return `${what} ${verbs[action]}.`;
}
