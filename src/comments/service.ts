// The public comment operations: post, edit, delete (reading a thread and counts: reads.ts). Talks
// only to the CommentStore interface, so the same code serves the Node and the Workers entries.
import { AppError, validationError } from '../errors.js';
import type { BanStore } from '../store/bans-types.js';
import type { OptimisticPostStore } from '../store/optimistic-post-types.js';
import type { AdminCommentRow, CommentStore, InsertResult, ModerationStore, NewComment, NewMail, NewOutboxEvent, Site, SiteArticle } from '../store/types.js';
import { newCommentEvents } from '../moderation/new-comment-event.js';
import { avatarHash, randomToken, timingSafeEqual, webCryptoHashing, type Hashing } from './crypto.js';
import type { NewCommentInput } from './input.js';
import { banKeys } from './ban-keys.js';
import { anonymiseIp } from './ip.js';
import { countLinks, renderBody } from './render.js';
import { isAllowedUrl, type SiteSettings } from './settings.js';
import { withStatus, type PublicComment } from './thread.js';
import { closedUntilMessage } from './quiet-hours.js';
import { needsServices, verdict, type Rejection, type VerdictInput } from './verdict.js';
import { postOptimistically } from './optimistic-post.js';
import { askServices, discardedComment, HOOK_ACTOR, hookRejection, reviewEdit, usesServices } from './spam-check.js';
import type { SpamServices } from '../spam/services.js';

export interface ServiceDeps {
  /** changeComment: an edit the site's moderation hook holds or calls spam moves with an audit entry. */
  /** OptimisticPostStore where the store has it (D1): a post in one round trip (optimistic-post.ts). */
  store: CommentStore & Pick<ModerationStore, 'changeComment'> & Pick<BanStore, 'activeBan' | 'postContext'> & Partial<OptimisticPostStore>;
  secret: string;
  now: () => number;
  /** Keyed hashes and digests; WebCrypto unless the runtime offers something cheaper. */
  hashing?: Hashing;
  /** Mail a new comment causes (moderators', readers'), written with it in one transaction; absent when mail is off. */
  mailsForNewComment?: (site: Site, comment: NewComment) => Promise<NewMail[]>;
  /** Akismet and the sites' moderation hooks; absent: no site's services are asked. */
  spam?: SpamServices;
}

/** What the request itself says about the commenter (never shown publicly). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The Origin header of a browser request, if any. */
  origin: string | null;
}

export interface PostedComment {
  comment: PublicComment & { status: 'approved' | 'pending' };
  editToken: string;
  editableUntil: string;
  /** Where the article lives, for the form endpoint's redirect. */
  articleUrl: string | null;
  /** What was really decided (spam included), for moderators' notifications only. */
  verdict: { status: 'approved' | 'pending' | 'spam'; reasons: string[] };
  /** Where it was stored, for what follows a post (a reader's subscription). */
  site: Site;
  articleId: number;
  /** False for a comment Akismet said to discard: answered like a held one, but not stored (nothing follows it). */
  stored: boolean;
  /** Whether a webhook event was stored with it (its delivery can start at once). */
  announced: boolean;
}

const NO_SITE = () => new AppError('not_found', 'There is no such site.');

export async function requireSite(store: CommentStore, slug: string): Promise<Site> {
  const site = await store.getSite(slug);
  if (!site) throw NO_SITE();
  return site;
}

/** The site and the article (null if it has none yet), read together (one D1 query). */
export async function requireSiteArticle(store: CommentStore, slug: string, key: string): Promise<SiteArticle> {
  const found = await store.siteArticle(slug, key);
  if (!found) throw NO_SITE();
  return found;
}

export function checkOrigin(site: Site, origin: string | null): void {
  if (origin !== null && origin !== 'null' && !site.settings.origins.includes(origin)) {
    throw new AppError('forbidden', 'This page is not allowed to post comments to this site.');
  }
}

interface RejectionContext {
  settings: SiteSettings;
  retryAfter: number;
  input: NewCommentInput;
  /** When closed quiet hours end (ms; null: never). */
  until: number | null;
}

const BANNED = () => new AppError('banned', 'Your comments are not accepted on this site.');

const REJECTIONS: Record<Rejection, (context: RejectionContext) => AppError> = {
  name_email_required: ({ input }) =>
    validationError({
      ...(input.name ? {} : { name: 'Enter your name.' }),
      ...(input.email ? {} : { email: 'Enter your email address.' }),
    }),
  thread_closed: () => new AppError('thread_closed', 'Comments are closed on this article.'),
  // The contract's thread_closed, saying until when.
  quiet_hours: ({ settings, until }) =>
    new AppError('thread_closed', closedUntilMessage(until, settings.quietHours?.timeZone ?? 'UTC'), {
      until: until === null ? null : new Date(until).toISOString(),
    }),
  max_depth: ({ settings }) =>
    validationError({
      parentId:
        settings.maxDepth === 1 ? 'Replies are turned off on this site.' : `Replies cannot nest deeper than ${settings.maxDepth} levels.`,
    }),
  duplicate: () => new AppError('duplicate', 'You have already said that on this article.'),
  banned: BANNED,
  flood: ({ retryAfter }) =>
    new AppError('rate_limited', `You are posting comments too quickly. Try again in ${retryAfter} seconds.`, { retryAfter }),
  // Answered as a held comment before this map is reached (postComment); here only for completeness.
  discard: () => new AppError('forbidden', 'This comment was not accepted.'),
  hook_reject: hookRejection,
};

/** The author history when none is read (see postComment). */
const NO_HISTORY = { hasApprovedComment: false, lastCommentAt: null, duplicate: false } as const;

export async function postComment(deps: ServiceDeps, input: NewCommentInput, meta: RequestMeta): Promise<PostedComment> {
  const { store } = deps;
  const email = input.email ?? '';
  const ip = anonymiseIp(meta.ip);
  const now = deps.now();
  const keys = banKeys(email, ip);
  const name = input.name ?? 'Anonymous';
  const html = renderBody(input.body);
  const verdictInput: VerdictInput = {
    name: input.name ?? '',
    email,
    url: input.url ?? null,
    body: input.body,
    links: countLinks(html),
    ip: meta.ip,
    userAgent: meta.userAgent,
    honeypot: input.homepage !== undefined && input.homepage !== null && input.homepage !== '',
    renderedAt: input.renderedAt ?? null,
    parentDepth: null,
    now,
  };
  const editToken = randomToken();
  const stored = {
    avatar: await avatarHash(deps.secret, email, name, deps.hashing),
    editTokenHash: await (deps.hashing ?? webCryptoHashing).sha256Hex(editToken),
  };
  const draftOf = (site: Site, decided: { status: NewComment['status']; reasons: string[] }, depth: number): NewComment => ({
    siteId: site.id,
    articleKey: input.article,
    articleUrl: input.articleUrl ?? null,
    articleTitle: input.articleTitle || null,
    parentId: input.parentId ?? null,
    depth,
    status: decided.status,
    reasons: decided.reasons,
    name,
    email,
    url: input.url ?? null,
    avatar: stored.avatar,
    bodySource: input.body,
    html,
    ip,
    userAgent: meta.userAgent ? meta.userAgent.slice(0, 512) : null,
    moderator: false,
    editTokenHash: stored.editTokenHash,
    createdAt: now,
  });
  const posted = (site: Site, result: Extract<InsertResult, { ok: true }>, decided: PostedComment['verdict'] & { status: 'approved' | 'pending' | 'spam' }, announced: boolean): PostedComment => ({
    comment: withStatus(result.comment, decided.status === 'approved' ? 'approved' : 'pending'),
    editToken,
    editableUntil: new Date(now + site.settings.editWindowMinutes * 60_000).toISOString(),
    articleUrl: result.article.url,
    verdict: decided,
    site,
    articleId: result.article.id,
    stored: true,
    announced,
  });
  const refusal = (site: Site, result: Extract<InsertResult, { ok: false }>) => {
    const { floodSeconds } = site.settings;
    const retryAfter = result.reason === 'flood' ? Math.max(1, Math.ceil((result.lastAt + floodSeconds * 1000 - now) / 1000)) : 1;
    return REJECTIONS[result.reason]({ settings: site.settings, retryAfter, input, until: null });
  };

  // Where the store remembers the site (D1): decided from it and written in one round trip, unless
  // something the decision assumed has changed, when the same batch's fresh reads decide again below.
  const fast = await postOptimistically(deps, input, meta.origin, { verdictInput, keys, draftOf });
  if (fast.kind === 'posted') return posted(fast.site, fast.result, fast.decided, fast.announced);
  if (fast.kind === 'refused') throw refusal(fast.site, fast.result);

  // The site, the article and the author's ban in one read (one D1 round trip before the insert's batch).
  const context = fast.kind === 'stale' ? fast.context : await store.postContext(input.site, input.article, keys, now);
  if (!context) throw NO_SITE();
  const { site, article, ban } = context;
  const { settings } = site;
  checkOrigin(site, meta.origin);
  if (input.articleUrl !== undefined && !isAllowedUrl(settings, input.articleUrl)) {
    throw new AppError('forbidden', 'The article address is not on one of this site’s allowed origins.', {
      fields: { articleUrl: 'This address is not on one of the site’s allowed origins.' },
    });
  }
  if (input.subscribe && input.subscribe.length > 0 && !email) {
    throw validationError({ email: 'Enter your email address to be notified by email.' });
  }

  let parentDepth: number | null = null;
  let parentSeen: AdminCommentRow['parent'] = null;
  if (input.parentId !== undefined) {
    const parent = await store.findComment(input.parentId);
    const replyable =
      parent !== null &&
      article !== null &&
      parent.comment.articleId === article.id &&
      parent.comment.status === 'approved' &&
      !parent.comment.deleted;
    if (!replyable) throw validationError({ parentId: 'You can only reply to a published comment on this article.' });
    parentDepth = parent.comment.depth;
    // As moderators see it in the new comment's webhook event (it was just found published).
    parentSeen = { id: parent.comment.id, name: parent.comment.name, html: parent.comment.html, status: parent.comment.status };
  }

  const floodSince = settings.floodSeconds > 0 ? now - settings.floodSeconds * 1000 : null;
  // Duplicates and flooding are refused by the insert's own guard, checked in its transaction in the
  // verdict's order (duplicate, then flood), so they are not read here in the common case; the history is
  // read only when the first-comment rule needs it. Two cases read them first, so the verdict refuses
  // them before anything else: a site with spam services (no author's text goes out, and no discard or
  // hook reject answers for what is a duplicate or a flood; those sites wait on the network anyway),
  // and a banned author (rare), so a ban's refusal never shows before the duplicate or flood one.
  const checkFirst = (deps.spam !== undefined && usesServices(site)) || ban !== null;
  const history =
    checkFirst || settings.approval === 'first-time'
      ? await store.authorHistory({
          siteId: site.id,
          articleId: checkFirst ? (article?.id ?? null) : null,
          name,
          email,
          ip,
          bodySource: input.body,
          floodSince: checkFirst ? floodSince : null,
        })
      : NO_HISTORY;
  const replyInput = { ...verdictInput, parentDepth };
  const verdictHistory = { ...history, article, ban };
  let decision = verdict(replyInput, settings, verdictHistory);
  // The services are asked only when their answer can change something; the verdict then weighs it.
  if (deps.spam && needsServices(decision)) {
    const answers = await askServices(deps.spam, site, {
      type: 'comment.created',
      articleKey: input.article,
      articleUrl: input.articleUrl ?? article?.url ?? null,
      parentId: input.parentId ?? null,
      name,
      email,
      url: input.url ?? null,
      body: input.body,
      ip: meta.ip,
      anonymisedIp: ip,
      userAgent: meta.userAgent,
      createdAt: now,
    });
    decision = verdict(replyInput, settings, verdictHistory, answers);
  }
  if (decision.status === 'rejected' && decision.reasons[0] !== 'discard') {
    throw REJECTIONS[decision.reasons[0]]({ settings, retryAfter: decision.retryAfter ?? 1, input, until: decision.until ?? null });
  }

  const depth = parentDepth === null ? 1 : parentDepth + 1;
  if (decision.status === 'rejected') {
    // Akismet's "discard": refused silently, as if held; nothing stored, mailed or announced.
    const fake = discardedComment(draftOf(site, { status: 'spam', reasons: decision.reasons }, depth), now);
    return {
      ...fake,
      editableUntil: new Date(now + settings.editWindowMinutes * 60_000).toISOString(),
      articleUrl: article?.url ?? input.articleUrl ?? null,
      verdict: { status: 'spam', reasons: ['akismet_discard'] },
      site,
      articleId: article?.id ?? 0,
      stored: false,
      announced: false,
    };
  }
  const decided = { status: decision.status, reasons: decision.reasons };
  const draft = draftOf(site, decided, depth);
  if (deps.mailsForNewComment) draft.mails = await deps.mailsForNewComment(site, draft);
  // The webhook's comment.created goes with the insert too (the store fills in the new id).
  draft.events = newCommentEvents(site, draft, parentSeen, decided, now);
  // Checked again inside the insert's transaction, against a racing request from the same author.
  const result = await store.insertComment(draft, { duplicate: true, floodSince });
  if (!result.ok) throw refusal(site, result);
  return posted(site, result, decided, draft.events.length > 0);
}

/** Finds a comment its author may still change: right token, inside the edit window. */
async function authorsComment(deps: ServiceDeps, id: number, token: string | undefined) {
  const found = await deps.store.findComment(id);
  if (!found || found.comment.deleted) throw new AppError('not_found', 'There is no such comment.');
  const { comment, site } = found;
  const hash = token ? await (deps.hashing ?? webCryptoHashing).sha256Hex(token) : '';
  if (!comment.editTokenHash || !timingSafeEqual(hash, comment.editTokenHash)) {
    throw new AppError('forbidden', 'This edit token does not match the comment.');
  }
  if (deps.now() > comment.createdAt + site.settings.editWindowMinutes * 60_000) {
    throw new AppError('forbidden', 'The time for editing this comment has passed.');
  }
  return found;
}

export async function editComment(
  deps: ServiceDeps,
  id: number,
  token: string | undefined,
  body: string,
): Promise<PublicComment & { status: 'approved' | 'pending' }> {
  const { comment, site, article } = await authorsComment(deps, id, token);
  // A banned author may still delete their comment, but not change what it says.
  if (await deps.store.activeBan(site.id, banKeys(comment.email, comment.ip), deps.now())) throw BANNED();
  const held = await reviewEdit(deps, site, comment, article, body);
  const text = { bodySource: body, html: renderBody(body), editedAt: deps.now() };
  // An edit the hook holds or calls spam is moved in the same write as its new text, so that text is
  // never public, not even for a moment or after a failed second write.
  const updated = held
    ? (await deps.store.changeComment(id, { ...text, status: held.status, reasons: JSON.stringify(held.reasons) }, { actor: HOOK_ACTOR, action: held.status, at: deps.now() }))?.after
    : await deps.store.updateBody(id, text);
  if (!updated) throw new AppError('not_found', 'There is no such comment.');
  const status = held ? held.status : comment.status;
  return withStatus(updated, status === 'approved' ? 'approved' : 'pending');
}

/** Deletes an author's own comment; `events` (its webhook announcement) are written in the delete's transaction. */
export async function deleteComment(deps: ServiceDeps, id: number, token: string | undefined, events: NewOutboxEvent[] = []): Promise<void> {
  await authorsComment(deps, id, token);
  await deps.store.deleteComment(id, events);
}
