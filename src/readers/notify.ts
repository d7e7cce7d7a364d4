// Which readers' mail an event causes, as outbox rows written with the event: notifications of an
// approved comment to confirmed, unsuppressed subscribers (never the commenter themselves, at most N
// per address per hour), "your comment was approved", the double opt-in confirmation, privacy links.
// Notifications are rendered when sent (the new comment's id is known only inside its insert), and
// the renderer asks again whether the subscription still stands, so an unsubscribe in between wins.
import type { LateRenderer } from '../mail/mailer.js';
import type { AdminCommentRow, NewMail, Site, Store } from '../store/types.js';
import { renderApprovedMail, renderConfirmMail, renderNotificationMail, renderPrivacyMail, type ReaderMailContext } from './mail-render.js';

export interface ReaderMailDeps {
  store: Store;
  secret: string;
  now: () => number;
  /** Where links in mail point (no trailing slash). */
  publicUrl: string;
}

const HOUR_MS = 3_600_000;
const lower = (email: string) => email.trim().toLowerCase();
const context = (deps: Pick<ReaderMailDeps, 'publicUrl' | 'secret'>, site: Site, now: number): ReaderMailContext => ({ site, publicUrl: deps.publicUrl, secret: deps.secret, now });

/** Whether the address may get one more capped mail this hour. */
async function underCap(store: Store, site: Site, email: string, now: number, queued: Map<string, number>): Promise<boolean> {
  const sent = (await store.readerMailsSince(email, now - HOUR_MS)) + (queued.get(email) ?? 0);
  return sent < site.settings.subscriberMailsPerHour;
}

/** Notifications of a comment that is (now) approved. */
export async function notificationsFor(
  deps: ReaderMailDeps,
  site: Site,
  comment: { articleId: number | null; parentId: number | null; email: string; commentId: number | null },
): Promise<NewMail[]> {
  if (comment.articleId === null) return [];
  const now = deps.now();
  const author = lower(comment.email);
  const byAddress = new Map<string, 'replies' | 'article'>();
  for (const sub of await deps.store.subscribersFor(comment.articleId, comment.parentId)) {
    if (sub.email === author) continue;
    // One mail per address: a reply to one's own comment says more than "a new comment".
    if (byAddress.get(sub.email) !== 'replies') byAddress.set(sub.email, sub.kind);
  }
  const mails: NewMail[] = [];
  const queued = new Map<string, number>();
  for (const [email, kind] of byAddress) {
    if (!(await underCap(deps.store, site, email, now, queued))) continue;
    queued.set(email, (queued.get(email) ?? 0) + 1);
    mails.push({ siteId: site.id, kind: kind === 'replies' ? 'reader.reply' : 'reader.article', to: email, render: 'reader.notify', commentId: comment.commentId, createdAt: now });
  }
  return mails;
}

/** "Your comment was approved", when the site wants it and the author can be mailed. */
export async function approvedMailFor(deps: ReaderMailDeps, site: Site, row: AdminCommentRow): Promise<NewMail[]> {
  const email = lower(row.comment.email);
  if (!site.settings.approvedMail || !email || row.comment.moderator) return [];
  const now = deps.now();
  if (await deps.store.isSuppressed(email)) return [];
  if (!(await underCap(deps.store, site, email, now, new Map()))) return [];
  return [{ siteId: site.id, kind: 'reader.approved', to: email, render: 'reader.approved', commentId: row.comment.id, createdAt: now }];
}

/** The double opt-in's mail, rendered when sent (about the comment that subscribed): by then the address may be suppressed. */
export function confirmationMail(site: Site, email: string, commentId: number, now: number): NewMail {
  return { siteId: site.id, kind: 'reader.confirm', to: lower(email), render: 'reader.confirm', commentId, createdAt: now };
}

export async function privacyMail(deps: ReaderMailDeps, site: Site, email: string, kind: 'export' | 'erase'): Promise<NewMail> {
  const now = deps.now();
  const rendered = await renderPrivacyMail(context(deps, site, now), lower(email), kind);
  return { siteId: site.id, kind: `privacy.${kind}`, to: lower(email), ...rendered, createdAt: now };
}

/** The renderers of readers' late-rendered mail, for the mail core's sender. */
export function readerRenderers(): Array<[string, LateRenderer]> {
  const notify: LateRenderer = async (row, options) => {
    if (row.commentId === null) return null;
    const found = await options.store.findComment(row.commentId);
    if (!found || found.comment.status !== 'approved' || found.comment.deleted) return null;
    const kind = row.kind === 'reader.reply' ? 'replies' : 'article';
    const subscriptions = await options.store.subscribersFor(found.article.id, found.comment.parentId);
    const subscription = subscriptions.find((s) => s.email === lower(row.recipient) && s.kind === kind);
    if (!subscription) return null;
    return renderNotificationMail(context(options, found.site, options.now()), subscription.email, {
      kind,
      comment: found.comment,
      article: found.article,
      subscriptionId: subscription.subscriptionId,
    });
  };
  const approved: LateRenderer = async (row, options) => {
    if (row.commentId === null || (await options.store.isSuppressed(row.recipient))) return null;
    const found = await options.store.findComment(row.commentId);
    if (!found || found.comment.status !== 'approved' || found.comment.deleted || lower(found.comment.email) !== lower(row.recipient)) return null;
    return renderApprovedMail(context(options, found.site, options.now()), lower(row.recipient), found.comment, found.article);
  };
  const confirm: LateRenderer = async (row, options) => {
    if (row.commentId === null || row.siteId === null || (await options.store.isSuppressed(row.recipient))) return null;
    const found = await options.store.findComment(row.commentId);
    if (!found || (await options.store.isConfirmed(found.site.id, row.recipient))) return null;
    return renderConfirmMail(context(options, found.site, options.now()), lower(row.recipient), found.article);
  };
  return [
    ['reader.confirm', confirm],
    ['reader.notify', notify],
    ['reader.approved', approved],
  ];
}
