// A commenter's "Notify me …" at posting: the subscription, and (first time on the site) the
// confirmation mail of the double opt-in. Spam subscribes nobody.
import type { PostedComment } from '../comments/service.js';
import type { SubscriptionKind } from '../db/schema.js';
import type { Store } from '../store/types.js';

export interface ReaderDeps {
  store: Store;
  secret: string;
  now: () => number;
}

export async function subscribeAuthor(deps: ReaderDeps, posted: PostedComment, email: string, kinds: SubscriptionKind[]): Promise<void> {
  if (kinds.length === 0 || !email || posted.verdict.status === 'spam') return;
  const now = deps.now();
  for (const kind of kinds) {
    await deps.store.subscribe({
      siteId: posted.site.id,
      email,
      kind,
      articleId: posted.articleId,
      commentId: kind === 'replies' ? posted.comment.id : null,
      createdAt: now,
    });
  }
}
