// Bulk status actions (approve, unapprove, spam, trash, restore) where the store changes many
// comments at once (D1, bulk-types.ts): the rows read in one query, each site once, every change
// with its audit entry and events written in one batch. Decided exactly as applyAction decides one
// comment, with the same answers per id; used only when mail is off, because a reader's mail cap
// (underCap) counts the mails already queued, which must be written one change at a time.
import { AppError } from '../errors.js';
import type { BulkStatusStore } from '../store/bulk-types.js';
import type { Actor, ChangeEffects, CommentStatus, Site } from '../store/types.js';
import { akismetFeedback } from './akismet-feedback.js';
import type { Action } from './input.js';
import { toAdminComment, type ModerationDeps } from './service.js';
import { outboxEvent, type WebhookEventType } from './webhooks.js';

export type BulkResult = { id: number; ok: true; status: CommentStatus | 'deleted' } | { id: number; ok: false; error: { code: string; message: string } };

const failure = (id: number, err: AppError): BulkResult => ({ id, ok: false, error: { code: err.code, message: err.message } });

/** The row of an id this moderator may act on, or the answer that refuses it (as the one-comment routes answer). */
function rowInScope<R extends { article: { siteId: number } }>(rows: Map<number, R>, id: number, scope?: readonly number[]): { row: R } | { refused: BulkResult } {
  const row = rows.get(id);
  if (!row) return { refused: failure(id, new AppError('not_found', 'There is no such comment.')) };
  if (scope && !scope.includes(row.article.siteId)) {
    return { refused: failure(id, new AppError('forbidden', 'This comment is on a site you do not moderate.')) };
  }
  return { row };
}

/** Each site read once (for its webhook and Akismet key), not once per comment. */
function siteOnce(deps: ModerationDeps): (slug: string) => Promise<Site | null> {
  const sites = new Map<string, Promise<Site | null>>();
  return (slug) => {
    const known = sites.get(slug) ?? deps.store.getSite(slug);
    sites.set(slug, known);
    return known;
  };
}

export async function bulkStatus(
  deps: ModerationDeps,
  store: BulkStatusStore,
  ids: number[],
  action: Action,
  transition: { from: CommentStatus[]; to: CommentStatus; event?: WebhookEventType },
  actor: Actor,
  scope?: readonly number[],
): Promise<BulkResult[]> {
  const unique = [...new Set(ids)];
  const rows = await store.adminCommentsByIds(unique);
  const getSite = siteOnce(deps);
  const cached: ModerationDeps = { ...deps, store: Object.assign(Object.create(deps.store) as ModerationDeps['store'], { getSite }) };
  const results = new Map<number, BulkResult>();
  const effects = new Map<number, ChangeEffects>();
  const idempotent = action === 'approve' || action === 'spam' || action === 'trash';
  for (const id of unique) {
    const found = rowInScope(rows, id, scope);
    if ('refused' in found) {
      results.set(id, found.refused);
      continue;
    }
    const { row } = found;
    if (idempotent && row.comment.status === transition.to) {
      results.set(id, { id, ok: true, status: row.comment.status });
      continue;
    }
    if (row.comment.deleted || !transition.from.includes(row.comment.status)) {
      const state = row.comment.deleted ? 'deleted' : row.comment.status;
      results.set(id, failure(id, new AppError('forbidden', `A comment that is ${state} cannot be given “${action}”.`)));
      continue;
    }
    // As changeAndAnnounce: the event's payload is the comment as the change leaves it.
    const feedback = (await akismetFeedback(cached, row, transition.to)) ?? [];
    const site = transition.event ? await getSite(row.siteSlug) : null;
    if (transition.event && !site) {
      results.set(id, failure(id, new AppError('not_found', 'There is no such site.')));
      continue;
    }
    const expected = toAdminComment({ ...row, comment: { ...row.comment, status: transition.to } });
    const event = site && transition.event ? outboxEvent(site, transition.event, { comment: expected }, deps.now()) : null;
    effects.set(id, { events: [...(event ? [event] : []), ...feedback] });
  }
  const changed = await store.changeStatuses([...effects.keys()], transition.to, { actor, action, at: deps.now() }, effects);
  return answers(deps, unique, results, effects, changed, transition.to);
}

/**
 * The answers once the store has written: each id it was asked to write gets `status` where it was
 * written and not_found where it was gone; webhooks go out if any written change carried an event;
 * one answer per id, in the order asked.
 */
function answers(
  deps: ModerationDeps,
  unique: number[],
  results: Map<number, BulkResult>,
  asked: Map<number, ChangeEffects>,
  written: Set<number>,
  status: CommentStatus | 'deleted',
): BulkResult[] {
  let announced = false;
  for (const [id, effects] of asked) {
    if (written.has(id)) {
      results.set(id, { id, ok: true, status });
      if ((effects.events ?? []).length > 0) announced = true;
    } else {
      results.set(id, failure(id, new AppError('not_found', 'There is no such comment.')));
    }
  }
  if (announced) deps.onEvents();
  return unique.map((id) => results.get(id) ?? failure(id, new AppError('not_found', 'There is no such comment.')));
}

/**
 * Bulk permanent deletes, as purgeComment one comment at a time would answer them: each comment's
 * `comment.deleted` event shows it as it is when its turn comes (a reply whose parent was deleted
 * earlier in the same action has moved up to that parent's parent, as the earlier purge left it).
 */
export async function bulkPurge(deps: ModerationDeps, store: BulkStatusStore, ids: number[], actor: Actor, scope?: readonly number[]): Promise<BulkResult[]> {
  const unique = [...new Set(ids)];
  const rows = await store.adminCommentsByIds(unique);
  const getSite = siteOnce(deps);
  const results = new Map<number, BulkResult>();
  const items: Array<{ id: number; effects: ChangeEffects }> = [];
  for (const id of unique) {
    const found = rowInScope(rows, id, scope);
    if ('refused' in found) {
      results.set(id, found.refused);
      continue;
    }
    const { row } = found;
    if (row.comment.status !== 'spam' && row.comment.status !== 'trash') {
      results.set(id, failure(id, new AppError('forbidden', 'Only comments in spam or trash can be deleted permanently.')));
      continue;
    }
    const site = await getSite(row.siteSlug);
    if (!site) {
      results.set(id, failure(id, new AppError('not_found', 'There is no such site.')));
      continue;
    }
    const event = outboxEvent(site, 'comment.deleted', { comment: toAdminComment(row), by: 'moderator' }, deps.now());
    items.push({ id, effects: { events: event ? [event] : [] } });
    // Its replies move up to its parent, for the comments whose turn comes later.
    for (const other of rows.values()) {
      if (other.comment.parentId === id) {
        rows.set(other.comment.id, { ...other, comment: { ...other.comment, parentId: row.comment.parentId }, parent: row.parent });
      }
    }
  }
  const deleted = await store.purgeComments(items, { actor, action: 'delete', at: deps.now() });
  return answers(deps, unique, results, new Map(items.map(({ id, effects }) => [id, effects])), deleted, 'deleted');
}
