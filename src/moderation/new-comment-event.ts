// The `comment.created` event of a new comment, made before the insert so the store writes it in the
// insert's transaction (a comment is never stored unannounced, nor announced unstored). What only the
// insert knows (the comment's id, its article's address and title) the store fills in: see
// NEW_COMMENT_FILLED in src/store/new-comment-events.ts.
import type { AdminCommentRow, NewComment, NewOutboxEvent, Site } from '../store/types.js';
import { toAdminComment } from './service.js';
import { outboxEvent } from './webhooks.js';

/** The event of a new comment (none when the site has no webhook): its payload as moderators see the comment, with the verdict. */
export function newCommentEvents(
  site: Site,
  draft: NewComment,
  parent: AdminCommentRow['parent'],
  verdict: { status: string; reasons: string[] },
  now: number,
): NewOutboxEvent[] {
  if (!site.settings.notify.webhook) return [];
  // The row as the insert will write it; id, article url and title are placeholders the store replaces.
  const row: AdminCommentRow = {
    comment: {
      id: 0,
      articleId: 0,
      parentId: draft.parentId,
      depth: draft.depth,
      status: draft.status,
      reasons: JSON.stringify(draft.reasons),
      name: draft.name,
      email: draft.email,
      url: draft.url,
      avatar: draft.avatar,
      bodySource: draft.bodySource,
      html: draft.html,
      ip: draft.ip,
      userAgent: draft.userAgent,
      moderator: draft.moderator,
      deleted: false,
      editTokenHash: draft.editTokenHash,
      createdAt: draft.createdAt,
      editedAt: null,
      sourceSiteId: null,
      source: null,
      sourceId: null,
      parentSource: null,
      parentSourceId: null,
      reactions: 0,
      bodyHash: 0,
      featured: false,
      version: 0,
    },
    article: { id: 0, siteId: site.id, key: draft.articleKey, url: null, title: null, closed: false, firstCommentAt: null },
    siteSlug: site.slug,
    parent,
  };
  const event = outboxEvent(site, 'comment.created', { comment: toAdminComment(row), verdict }, now);
  return event ? [event] : [];
}
