// A commenter's "Notify me …" at posting: the subscription, and (first time on the site) the
// confirmation mail of the double opt-in, written in the same transaction. Spam subscribes nobody.
import type { PostedComment } from '../comments/service.js';
import type { SubscriptionKind } from '../db/schema.js';
import { confirmationMail, type ReaderMailDeps } from './notify.js';

export interface SubscribeDeps extends Omit<ReaderMailDeps, 'publicUrl'> {
  /** Null when mail is off: the wish is kept, and confirmed once mail is on and the address subscribes again. */
  publicUrl: string | null;
  /** Called when mail was put in the outbox. */
  onMail?: () => void;
}

export async function subscribeAuthor(
  deps: SubscribeDeps,
  posted: PostedComment,
  email: string,
  kinds: SubscriptionKind[],
): Promise<void> {
  if (kinds.length === 0 || !email || posted.verdict.status === 'spam') return;
  const now = deps.now();
  const { publicUrl } = deps;
  // Only the first subscription of the request carries the confirmation: the store sends it only to a new address.
  let confirmation = publicUrl ? confirmationMail(posted.site, email, posted.comment.id, now) : undefined;
  for (const kind of kinds) {
    const result = await deps.store.subscribe(
      { siteId: posted.site.id, email, kind, articleId: posted.articleId, commentId: kind === 'replies' ? posted.comment.id : null, createdAt: now },
      confirmation,
    );
    if (confirmation && result.firstTime && !result.suppressed) deps.onMail?.();
    confirmation = undefined;
  }
}
