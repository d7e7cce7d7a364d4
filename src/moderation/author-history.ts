// An author's history on a site, as each queue row shows it (WordPress's "N approved"): counts per
// status by email, for a whole page in one grouped query, and "approve all pending from this author".
import { emptyStatusCounts } from '../store/queries-bans.js';
import type { StatusCounts } from '../store/bans-types.js';
import type { Actor, AdminCommentRow } from '../store/types.js';
import { banSite } from './bans.js';
import { bulk, type ModerationDeps } from './service.js';

/**
 * What a queue row says of its author. `key` names the author in links (`?author=`): the keyed hash
 * that already names their avatar, so no email is ever put in a URL.
 */
export type AuthorHistory = StatusCounts & { key: string };

/** Each row's author history (null for comments with no email, and moderators' replies), by comment id. */
export async function authorHistories(deps: ModerationDeps, rows: AdminCommentRow[]): Promise<Map<number, AuthorHistory | null>> {
  const authored = rows.filter((r) => r.comment.email !== '' && !r.comment.moderator && !r.comment.deleted);
  const counts = await deps.store.authorCounts(authored.map((r) => ({ siteId: r.article.siteId, email: r.comment.email })));
  const histories = new Map<number, AuthorHistory | null>();
  for (const row of rows) {
    const known = authored.includes(row);
    const found = counts.get(`${row.article.siteId} ${row.comment.email.toLowerCase()}`);
    histories.set(row.comment.id, known ? { ...(found ?? emptyStatusCounts()), key: row.comment.avatar } : null);
  }
  return histories;
}

/** One comment's author history (for its page and its re-rendered row); null as above. */
export async function authorHistoryOf(deps: ModerationDeps, row: AdminCommentRow): Promise<AuthorHistory | null> {
  return (await authorHistories(deps, [row])).get(row.comment.id) ?? null;
}

/** At most this many comments are approved per request; `more` says when to ask again. */
export const APPROVE_AUTHOR_MAX = 500;

/** Approves an author's pending comments on a site, each as a moderator's Approve does (audit, webhooks, mail). */
export async function approveAuthor(deps: ModerationDeps, slug: string, author: string, actor: Actor) {
  const site = await banSite(deps, slug);
  const ids = await deps.store.pendingByAuthor(site.id, author, APPROVE_AUTHOR_MAX + 1);
  const results = ids.length === 0 ? [] : await bulk(deps, ids.slice(0, APPROVE_AUTHOR_MAX), 'approve', actor);
  return { results, more: ids.length > APPROVE_AUTHOR_MAX };
}
