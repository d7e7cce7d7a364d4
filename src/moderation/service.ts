// The moderation operations: the queue, status actions, edits, permanent deletes, bulk actions and
// moderator replies (statistics, site settings and the audit log: sites.ts). Every change is audited;
// events go to the outbox.
import { avatarHash } from '../comments/crypto.js';
import { renderBody } from '../comments/render.js';
import { decodeCursor, encodeCursor, withStatus } from '../comments/thread.js';
import { AppError, validationError } from '../errors.js';
import type { Actor, AdminCommentRow, CommentStatus, CommentChange, NewAudit, NewComment, NewMail, NewOutboxEvent, ReportSummary, Site, Store } from '../store/types.js';
import { authorHistories } from './author-history.js';
import type { Action } from './input.js';
import { akismetFeedback } from './akismet-feedback.js';
import { bulkPurge, bulkStatus } from './bulk-status.js';
import { isBulkStatusStore } from '../store/bulk-types.js';
import type { SpamServices } from '../spam/services.js';
import { outboxEvent, type WebhookEventType } from './webhooks.js';

export interface ModerationDeps {
  store: Store;
  secret: string;
  now: () => number;
  /** Called after events were put in the outbox, to deliver them off the request path. */
  onEvents: () => void;
  /** Mail a status change causes (e.g. readers' reply notifications), written with the change; absent when mail is off. */
  mailsForChange?: (row: AdminCommentRow, change: CommentChange) => Promise<NewMail[]>;
  /** Mail a moderator's reply causes (readers' notifications), written with it; absent when mail is off. */
  mailsForNewComment?: (site: Site, comment: NewComment) => Promise<NewMail[]>;
  /** PARLEY_ALLOW_PRIVATE_HOOKS: whether hook and webhook URLs may name private or loopback addresses. */
  allowPrivateHooks?: boolean;
  /** Akismet (verify-key from the settings page); absent where no services are set up. */
  spam?: SpamServices;
}

export function toAdminComment(row: AdminCommentRow) {
  const { comment, article } = row;
  let reasons: string[] = [];
  try {
    reasons = JSON.parse(comment.reasons) as string[];
  } catch {
    reasons = [];
  }
  // Properties added to the object withStatus made, not spread into a new one (see withStatus).
  return Object.assign(withStatus(comment, comment.status), {
    email: comment.email,
    ip: comment.ip,
    userAgent: comment.userAgent,
    body: comment.bodySource,
    reasons,
    site: row.siteSlug,
    articleKey: article.key,
    articleUrl: article.url,
    articleTitle: article.title,
    parent: row.parent,
    reports: null as ReportSummary | null,
  });
}

export type AdminComment = ReturnType<typeof toAdminComment>;

/** A moderator's search as an FTS5 expression: every word must match, each as a prefix. */
export function ftsQuery(q: string): string | undefined {
  const terms = q
    .split(/\s+/)
    .map((t) => t.replace(/["\u0000-\u001f\u007f]/g, ''))
    .filter((t) => t.length > 0)
    .slice(0, 10);
  return terms.length > 0 ? terms.map((t) => `"${t}"*`).join(' ') : undefined;
}

export async function listQueue(
  deps: ModerationDeps,
  query: { status?: CommentStatus; site?: string; article?: string; q?: string; reported?: boolean; author?: string; cursor?: string; limit: number },
  /** A moderator's sites: nothing else is listed (undefined: an admin, every site). */
  scope?: readonly number[],
) {
  let siteId: number | undefined;
  if (query.site) {
    const site = await deps.store.getSite(query.site);
    if (!site) throw new AppError('not_found', 'There is no such site.');
    if (scope && !scope.includes(site.id)) throw new AppError('forbidden', 'You do not moderate this site.');
    siteId = site.id;
  }
  const before = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !before) throw validationError({ cursor: 'This cursor is not one this service gave out.' }, 'bad_request');
  const rows = await deps.store.listComments({
    status: query.status,
    siteId,
    articleKey: query.article,
    match: query.q ? ftsQuery(query.q) : undefined,
    reported: query.reported,
    siteIds: scope,
    author: query.author,
    before: before ?? undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const reports = await deps.store.reportSummaries(page.map((r) => r.comment.id));
  const histories = await authorHistories(deps, page);
  return {
    comments: page.map((row) =>
      Object.assign(withReports(toAdminComment(row), reports.get(row.comment.id)), { authorHistory: histories.get(row.comment.id) ?? null }),
    ),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.comment.createdAt, id: last.comment.id }) : null,
  };
}

async function requireComment(deps: ModerationDeps, id: number): Promise<AdminCommentRow> {
  const row = await deps.store.getAdminComment(id);
  if (!row) throw new AppError('not_found', 'There is no such comment.');
  return row;
}

export async function getComment(deps: ModerationDeps, id: number): Promise<AdminComment> {
  return (await getCommentAndRow(deps, id)).comment;
}

/** The comment as moderators see it, and the row it was made from (for what else a page shows of it). */
export async function getCommentAndRow(deps: ModerationDeps, id: number): Promise<{ comment: AdminComment; row: AdminCommentRow }> {
  const row = await requireComment(deps, id);
  return { comment: withReports(toAdminComment(row), (await deps.store.reportSummaries([id])).get(id)), row };
}

/** Readers' open reports of a comment, as moderators see them (null when there are none). */
function withReports(comment: AdminComment, summary: ReportSummary | undefined): AdminComment {
  return Object.assign(comment, { reports: summary ?? null });
}

const TRANSITIONS: Record<Action, { from: CommentStatus[]; to: CommentStatus; event?: WebhookEventType }> = {
  approve: { from: ['pending', 'spam', 'trash'], to: 'approved', event: 'comment.approved' },
  unapprove: { from: ['approved'], to: 'pending' },
  spam: { from: ['pending', 'approved', 'trash'], to: 'spam', event: 'comment.spam' },
  trash: { from: ['pending', 'approved', 'spam'], to: 'trash' },
  restore: { from: ['spam', 'trash'], to: 'pending' },
};

export async function siteOf(deps: ModerationDeps, slug: string): Promise<Site> {
  const site = await deps.store.getSite(slug);
  if (!site) throw new AppError('not_found', 'There is no such site.');
  return site;
}

/** The outbox row of an event, for the write that causes it to store in its transaction; none when the site has no webhook. */
async function eventsOf(deps: ModerationDeps, siteSlug: string, type: WebhookEventType | undefined, data: Record<string, unknown>) {
  if (!type) return [];
  const event = outboxEvent(await siteOf(deps, siteSlug), type, data, deps.now());
  return event ? [event] : [];
}

/**
 * Changes a comment together with what the change causes (readers' mail, the webhook event), in
 * one transaction: nothing announces a change that did not happen, and no change goes unannounced.
 * The event's payload is the comment as the change leaves it, made before the write.
 */
export async function changeAndAnnounce(
  deps: ModerationDeps,
  row: AdminCommentRow,
  change: CommentChange,
  audit: NewAudit,
  effects: { event?: WebhookEventType; mails?: NewMail[]; outbox?: NewOutboxEvent[] } = {},
): Promise<AdminComment> {
  const expected = toAdminComment({ ...row, comment: { ...row.comment, ...change } });
  const events = [...(await eventsOf(deps, row.siteSlug, effects.event, { comment: expected })), ...(effects.outbox ?? [])];
  const changed = await deps.store.changeComment(row.comment.id, change, audit, { mails: effects.mails, events });
  if (!changed) throw new AppError('not_found', 'There is no such comment.');
  if (events.length > 0) deps.onEvents();
  return toAdminComment({ ...row, comment: changed.after });
}

export async function applyAction(deps: ModerationDeps, id: number, action: Action, actor: Actor): Promise<AdminComment> {
  const row = await requireComment(deps, id);
  const transition = TRANSITIONS[action];
  // Approving an approved comment (or spamming spam, trashing trash) is a harmless no-op; unapprove
  // and restore only make sense from their own starting states.
  const idempotent = action === 'approve' || action === 'spam' || action === 'trash';
  if (idempotent && row.comment.status === transition.to) return toAdminComment(row);
  if (row.comment.deleted || !transition.from.includes(row.comment.status)) {
    throw new AppError('forbidden', `A comment that is ${row.comment.deleted ? 'deleted' : row.comment.status} cannot be given “${action}”.`);
  }
  const change: CommentChange = { status: transition.to };
  const mails = deps.mailsForChange ? await deps.mailsForChange(row, change) : undefined;
  // An Akismet submission (a Spam / Not spam decision) goes into the outbox with the change.
  const feedback = await akismetFeedback(deps, row, transition.to);
  return changeAndAnnounce(deps, row, change, { actor, action, at: deps.now() }, { event: transition.event, mails, outbox: feedback });
}

export async function editComment(
  deps: ModerationDeps,
  id: number,
  edit: { body?: string; name?: string; url?: string | null },
  actor: Actor,
): Promise<AdminComment> {
  const row = await requireComment(deps, id);
  if (row.comment.deleted) throw new AppError('forbidden', 'A deleted comment cannot be edited.');
  const change: CommentChange = { editedAt: deps.now() };
  if (edit.body !== undefined) Object.assign(change, { bodySource: edit.body, html: renderBody(edit.body) });
  if (edit.name !== undefined) change.name = edit.name;
  if (edit.url !== undefined) change.url = edit.url === '' || edit.url === null ? null : new URL(edit.url).href;
  const detail = { fields: Object.keys(edit).filter((k) => edit[k as keyof typeof edit] !== undefined) };
  const changed = await deps.store.changeComment(id, change, { actor, action: 'edit', detail, at: deps.now() });
  if (!changed) throw new AppError('not_found', 'There is no such comment.');
  return toAdminComment({ ...row, comment: changed.after });
}

export async function purgeComment(deps: ModerationDeps, id: number, actor: Actor): Promise<void> {
  const row = await requireComment(deps, id);
  if (row.comment.status !== 'spam' && row.comment.status !== 'trash') {
    throw new AppError('forbidden', 'Only comments in spam or trash can be deleted permanently.');
  }
  const events = await eventsOf(deps, row.siteSlug, 'comment.deleted', { comment: toAdminComment(row), by: 'moderator' });
  const removed = await deps.store.purgeComment(id, { actor, action: 'delete', at: deps.now() }, { events });
  if (!removed) throw new AppError('not_found', 'There is no such comment.');
  if (events.length > 0) deps.onEvents();
}

export async function bulk(
  deps: ModerationDeps,
  ids: number[],
  action: Action | 'delete',
  actor: Actor,
  /** A moderator's sites: a comment elsewhere is refused like one that does not exist (undefined: an admin). */
  scope?: readonly number[],
): Promise<Array<{ id: number; ok: true; status: CommentStatus | 'deleted' } | { id: number; ok: false; error: { code: string; message: string } }>> {
  // Many comments in a few round trips where the store can (D1: at most 1,000 queries per invocation).
  if (isBulkStatusStore(deps.store)) {
    if (action === 'delete') return bulkPurge(deps, deps.store, ids, actor, scope);
    // With mail on, a status change's mail is decided one change at a time (bulk-status.ts says why).
    if (!deps.mailsForChange) return bulkStatus(deps, deps.store, ids, action, TRANSITIONS[action], actor, scope);
  }
  const results = [];
  for (const id of [...new Set(ids)]) {
    try {
      if (scope) {
        const row = await deps.store.getAdminComment(id);
        if (row && !scope.includes(row.article.siteId)) throw new AppError('forbidden', 'This comment is on a site you do not moderate.');
      }
      if (action === 'delete') {
        await purgeComment(deps, id, actor);
        results.push({ id, ok: true as const, status: 'deleted' as const });
      } else {
        const comment = await applyAction(deps, id, action, actor);
        results.push({ id, ok: true as const, status: comment.status });
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false as const, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}

export async function reply(deps: ModerationDeps, parentId: number, body: string, actor: Actor): Promise<AdminComment> {
  const parent = await requireComment(deps, parentId);
  if (parent.comment.deleted) throw validationError({ parentId: 'A deleted comment cannot be replied to.' });
  if (parent.comment.status === 'spam' || parent.comment.status === 'trash') {
    throw validationError({ parentId: 'Restore the comment before replying to it.' });
  }
  const site = await siteOf(deps, parent.siteSlug);
  if (parent.comment.depth >= site.settings.maxDepth) {
    throw validationError({ parentId: `Replies cannot nest deeper than ${site.settings.maxDepth} levels.` });
  }
  // Replying from the queue approves the comment replied to, as in WordPress.
  if (parent.comment.status === 'pending') await applyAction(deps, parentId, 'approve', actor);
  const now = deps.now();
  const draft: NewComment = {
    siteId: site.id,
    articleKey: parent.article.key,
    articleUrl: null,
    articleTitle: null,
    parentId,
    depth: parent.comment.depth + 1,
    status: 'approved',
    reasons: [],
    name: actor.name,
    email: actor.email,
    url: null,
    avatar: await avatarHash(deps.secret, actor.email, actor.name),
    bodySource: body,
    html: renderBody(body),
    ip: null,
    userAgent: null,
    moderator: true,
    editTokenHash: null,
    createdAt: now,
  };
  if (deps.mailsForNewComment) draft.mails = await deps.mailsForNewComment(site, draft);
  const result = await deps.store.insertComment(draft, { duplicate: false, floodSince: null });
  if (!result.ok) throw new AppError('duplicate', 'That reply was already posted.');
  await deps.store.recordAudit({ actor, action: 'reply', at: now, commentId: result.comment.id, siteId: site.id, toStatus: 'approved' });
  return getComment(deps, result.comment.id);
}

/**
 * The comment as moderators see it, read before its author deletes it, for authorDeleteEvents
 * (null when there is no such comment, or its site sends no webhooks).
 */
export async function beforeAuthorDelete(deps: ModerationDeps, commentId: number): Promise<AdminCommentRow | null> {
  const row = await deps.store.getAdminComment(commentId);
  if (!row) return null;
  const site = await deps.store.getSite(row.siteSlug);
  return site?.settings.notify.webhook ? row : null;
}

/** The `comment.deleted` event (`by: "author"`) of an author's delete, to be written with the delete. */
export function authorDeleteEvents(deps: ModerationDeps, row: AdminCommentRow) {
  return eventsOf(deps, row.siteSlug, 'comment.deleted', { comment: toAdminComment(row), by: 'author' });
}
