// The public comment operations: post, edit, delete, read a thread, count. Talks only to the
// CommentStore interface, so the same code serves the Node and the Workers entries.
import { AppError, validationError } from '../errors.js';
import type { CommentStore, NewComment, NewMail, Site } from '../store/types.js';
import { avatarHash, randomToken, timingSafeEqual, webCryptoHashing, type Hashing } from './crypto.js';
import type { NewCommentInput, ThreadQuery } from './input.js';
import { anonymiseIp } from './ip.js';
import { countLinks, renderBody } from './render.js';
import { isAllowedUrl, type SiteSettings } from './settings.js';
import { buildThread, decodeCursor, withStatus, type PublicComment } from './thread.js';
import { isClosed, verdict, type Rejection } from './verdict.js';

export interface ServiceDeps {
  store: CommentStore;
  secret: string;
  now: () => number;
  /** Keyed hashes and digests; WebCrypto unless the runtime offers something cheaper. */
  hashing?: Hashing;
  /** Mail a new comment causes (moderators', readers'), written with it in one transaction; absent when mail is off. */
  mailsForNewComment?: (site: Site, comment: NewComment) => Promise<NewMail[]>;
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
}

async function requireSite(store: CommentStore, slug: string): Promise<Site> {
  const site = await store.getSite(slug);
  if (!site) throw new AppError('not_found', 'There is no such site.');
  return site;
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
}

const REJECTIONS: Record<Rejection, (context: RejectionContext) => AppError> = {
  name_email_required: ({ input }) =>
    validationError({
      ...(input.name ? {} : { name: 'Enter your name.' }),
      ...(input.email ? {} : { email: 'Enter your email address.' }),
    }),
  thread_closed: () => new AppError('thread_closed', 'Comments are closed on this article.'),
  max_depth: ({ settings }) =>
    validationError({
      parentId:
        settings.maxDepth === 1 ? 'Replies are turned off on this site.' : `Replies cannot nest deeper than ${settings.maxDepth} levels.`,
    }),
  duplicate: () => new AppError('duplicate', 'You have already said that on this article.'),
  flood: ({ retryAfter }) =>
    new AppError('rate_limited', `You are posting comments too quickly. Try again in ${retryAfter} seconds.`, { retryAfter }),
};

/** The author history when none is read (see postComment). */
const NO_HISTORY = { hasApprovedComment: false, lastCommentAt: null, duplicate: false } as const;

export async function postComment(deps: ServiceDeps, input: NewCommentInput, meta: RequestMeta): Promise<PostedComment> {
  const { store } = deps;
  const site = await requireSite(store, input.site);
  const { settings } = site;
  checkOrigin(site, meta.origin);
  if (input.articleUrl !== undefined && !isAllowedUrl(settings, input.articleUrl)) {
    throw new AppError('forbidden', 'The article address is not on one of this site’s allowed origins.', {
      fields: { articleUrl: 'This address is not on one of the site’s allowed origins.' },
    });
  }
  const name = input.name ?? 'Anonymous';
  const email = input.email ?? '';
  if (input.subscribe && input.subscribe.length > 0 && !email) {
    throw validationError({ email: 'Enter your email address to be notified by email.' });
  }
  const now = deps.now();
  const article = await store.getArticle(site.id, input.article);

  let parentDepth: number | null = null;
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
  }

  const html = renderBody(input.body);
  const ip = anonymiseIp(meta.ip);
  const floodSince = settings.floodSeconds > 0 ? now - settings.floodSeconds * 1000 : null;
  // Duplicates and flooding are refused by the insert's own guard, checked in its transaction in the
  // verdict's order (duplicate, then flood) and answered alike, so they are not asked twice here; the
  // history is read only when the first-comment rule needs it.
  const history =
    settings.approval === 'first-time'
      ? await store.authorHistory({ siteId: site.id, articleId: null, name, email, ip, bodySource: input.body, floodSince: null })
      : NO_HISTORY;
  const decision = verdict(
    {
      name: input.name ?? '',
      email,
      url: input.url ?? null,
      body: input.body,
      links: countLinks(html),
      ip: meta.ip,
      userAgent: meta.userAgent,
      honeypot: input.homepage !== undefined && input.homepage !== null && input.homepage !== '',
      renderedAt: input.renderedAt ?? null,
      parentDepth,
      now,
    },
    settings,
    { ...history, article },
  );
  if (decision.status === 'rejected') {
    throw REJECTIONS[decision.reasons[0]]({ settings, retryAfter: decision.retryAfter ?? 1, input });
  }

  const editToken = randomToken();
  const draft: NewComment = {
    siteId: site.id,
    articleKey: input.article,
    articleUrl: input.articleUrl ?? null,
    articleTitle: input.articleTitle || null,
    parentId: input.parentId ?? null,
    depth: parentDepth === null ? 1 : parentDepth + 1,
    status: decision.status,
    reasons: decision.reasons,
    name,
    email,
    url: input.url ?? null,
    avatar: await avatarHash(deps.secret, email, name, deps.hashing),
    bodySource: input.body,
    html,
    ip,
    userAgent: meta.userAgent ? meta.userAgent.slice(0, 512) : null,
    moderator: false,
    editTokenHash: await (deps.hashing ?? webCryptoHashing).sha256Hex(editToken),
    createdAt: now,
  };
  if (deps.mailsForNewComment) draft.mails = await deps.mailsForNewComment(site, draft);
  // Checked again inside the insert's transaction, against a racing request from the same author.
  const result = await store.insertComment(draft, { duplicate: true, floodSince });
  if (!result.ok) {
    const retryAfter = result.reason === 'flood' ? Math.max(1, Math.ceil((result.lastAt + settings.floodSeconds * 1000 - now) / 1000)) : 1;
    throw REJECTIONS[result.reason]({ settings, retryAfter, input });
  }

  return {
    comment: withStatus(result.comment, decision.status === 'approved' ? 'approved' : 'pending'),
    editToken,
    editableUntil: new Date(now + settings.editWindowMinutes * 60_000).toISOString(),
    articleUrl: result.article.url,
    verdict: { status: decision.status, reasons: decision.reasons },
    site,
    articleId: result.article.id,
  };
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
  const { comment } = await authorsComment(deps, id, token);
  const updated = await deps.store.updateBody(id, { bodySource: body, html: renderBody(body), editedAt: deps.now() });
  if (!updated) throw new AppError('not_found', 'There is no such comment.');
  return withStatus(updated, comment.status === 'approved' ? 'approved' : 'pending');
}

export async function deleteComment(deps: ServiceDeps, id: number, token: string | undefined): Promise<void> {
  await authorsComment(deps, id, token);
  await deps.store.deleteComment(id);
}

/** The largest page of top-level comments the public API gives (and what a site that does not break comments into pages gets). */
export const THREAD_PAGE_MAX = 200;

export interface Thread {
  /** `maxDepth`: how deep replies may nest on this site (1 = no replies), so a Reply link shows only where one is allowed. */
  /** `reactions`: whether readers may "Like" comments on this site. */
  article: { key: string; title: string | null; url: string | null; closed: boolean; count: number; maxDepth: number; reactions: boolean };
  comments: PublicComment[];
  nextCursor: string | null;
  /** With `around`: the id of the comment the anchor names, if it is in this response (else null). */
  target?: number | null;
}

export async function getThread(deps: ServiceDeps, query: ThreadQuery): Promise<Thread> {
  return (await loadThread(deps, query)).thread;
}

/** A thread with what a cache of it needs to know: where it came from, and when it changes by itself. */
export interface LoadedThread {
  thread: Thread;
  siteId: number;
  articleId: number | null;
  /** When the thread closes by age (`closeAfterDays`) if it is open and will; else null. */
  closesAt: number | null;
}

export async function loadThread(deps: ServiceDeps, query: ThreadQuery): Promise<LoadedThread> {
  const site = await requireSite(deps.store, query.site);
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && after === null) {
    throw validationError({ cursor: 'This cursor is not one this service gave out.' }, 'bad_request');
  }
  const article = await deps.store.getArticle(site.id, query.article);
  if (!article) {
    return {
      thread: {
        article: {
          key: query.article,
          title: null,
          url: null,
          closed: false,
          count: 0,
          maxDepth: site.settings.maxDepth,
          reactions: site.settings.reactions,
        },
        comments: [],
        nextCursor: null,
      },
      siteId: site.id,
      articleId: null,
      closesAt: null,
    };
  }
  const rows = await deps.store.listApproved(article.id);
  const limit = query.limit ?? site.settings.commentsPerPage ?? THREAD_PAGE_MAX;
  const { comments, nextCursor, target } = buildThread(rows, {
    sort: query.sort,
    limit,
    after,
    maxDepth: site.settings.maxDepth,
    featuredOnly: query.filter === 'featured',
    ...(query.around === undefined ? {} : { around: query.around }),
  });
  const closed = isClosed(site.settings, article, deps.now());
  const { closeAfterDays } = site.settings;
  const thread: Thread = {
    article: {
      key: article.key,
      title: article.title,
      url: article.url,
      closed,
      count: rows.filter((r) => !r.deleted).length,
      maxDepth: site.settings.maxDepth,
      reactions: site.settings.reactions,
    },
    comments,
    nextCursor,
  };
  // Only asked-for anchors answer `target`, so every other response is as it always was.
  if (query.around !== undefined) thread.target = target;
  const closesAt =
    closed || closeAfterDays === null || article.firstCommentAt === null ? null : article.firstCommentAt + closeAfterDays * 86_400_000 + 1;
  return { thread, siteId: site.id, articleId: article.id, closesAt };
}

export async function getCounts(deps: ServiceDeps, siteSlug: string, keys: string[]): Promise<Record<string, number>> {
  const site = await requireSite(deps.store, siteSlug);
  const found = await deps.store.countApproved(site.id, keys);
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = found.get(key) ?? 0;
  return counts;
}
