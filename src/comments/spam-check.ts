// Where a new or edited comment meets the spam services (Akismet, the site's moderation hook): the
// services are asked here, before the pure verdict; a discarded comment gets its silent answer here.
import { AppError, validationError } from '../errors.js';
import type { CheckedComment, ServiceAnswers, SpamServices } from '../spam/services.js';
import type { ArticleRow, CommentRow, NewComment, Site } from '../store/types.js';
import type { ServiceDeps } from './service.js';
import { randomToken } from './crypto.js';
import { withStatus, type PublicComment } from './thread.js';

/** Whether the site uses any spam service (else nothing is asked, and nothing waits). */
export function usesServices(site: Site): boolean {
  return site.settings.akismetKey !== null || site.settings.moderationHook !== null;
}

/** The services' answers for this comment; none when the site uses none or the app has no services. */
export async function askServices(spam: SpamServices | undefined, site: Site, comment: CheckedComment): Promise<ServiceAnswers> {
  if (!spam || !usesServices(site)) return {};
  return spam.check(site, comment);
}

/** What a comment the site's hook rejects gets: the contract's validation error, on the body. */
export function hookRejection(): AppError {
  return validationError({ body: 'This site does not accept this comment. Change it and try again.' });
}

/**
 * The answer to a comment Akismet says to discard: exactly what a held comment gets (201, status
 * pending, an id and an edit token), so its sender learns nothing, but nothing is stored. The id is
 * above 2^31 (SQLite ids here never get there) and the token fits nothing, so editing answers 404.
 */
export function discardedComment(draft: NewComment, now: number): { comment: PublicComment & { status: 'pending' }; editToken: string } {
  const id = 2 ** 31 + ((crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) >>> 2);
  const comment = withStatus(
    {
      id,
      parentId: draft.parentId,
      name: draft.name,
      url: draft.url,
      avatar: draft.avatar,
      moderator: false,
      html: draft.html,
      deleted: false,
      createdAt: now,
      editedAt: null,
      source: null,
      sourceId: null,
      reactions: 0,
      featured: false,
    },
    'pending',
  );
  return { comment, editToken: randomToken() };
}

/** Who moved an edited comment when the site's hook said to, in the audit log. */
export const HOOK_ACTOR = { type: 'system', id: 0, name: 'moderation hook', email: '' } as const;

/**
 * The site's moderation hook on an author's edit: reject refuses the edit (nothing changes), spam and
 * hold move the comment (answered null when it stays as it is: approve, a failure, or no hook).
 */
export async function reviewEdit(deps: ServiceDeps, site: Site, comment: CommentRow, article: ArticleRow, body: string): Promise<{ status: 'spam' | 'pending'; reasons: string[] } | null> {
  if (!deps.spam || !site.settings.moderationHook) return null;
  const { hook } = await askServices(deps.spam, site, {
    type: 'comment.edited',
    id: comment.id,
    articleKey: article.key,
    articleUrl: article.url,
    parentId: comment.parentId,
    name: comment.name,
    email: comment.email,
    url: comment.url,
    body,
    ip: null,
    anonymisedIp: comment.ip,
    userAgent: comment.userAgent,
    createdAt: deps.now(),
  });
  if (hook === undefined || hook === 'error' || hook.verdict === 'approve') return null;
  if (hook.verdict === 'reject') throw hookRejection();
  const reasons = [hook.verdict === 'spam' ? 'hook_spam' : 'hook_hold', ...hook.reasons.map((r) => `hook:${r}`)];
  if (comment.status === 'spam' || comment.status === 'trash') return null;
  return { status: hook.verdict === 'spam' ? 'spam' : 'pending', reasons };
}

