// The public reads: a thread (a page of it, with what a cache of it needs) and comment counts.
import { validationError } from '../errors.js';
import type { Site } from '../store/types.js';
import type { ThreadQuery } from './input.js';
import { earliest, quietFields, type QuietFields } from './quiet-thread.js';
import { requireSite, requireSiteArticle, type ServiceDeps } from './service.js';
import { anchorLookup, buildThread, decodeCursor, type PublicComment } from './thread.js';
import { isClosed } from './verdict.js';

/** The largest page of top-level comments the public API gives (and what a site that does not break comments into pages gets). */
export const THREAD_PAGE_MAX = 200;

export interface Thread {
  /** `maxDepth`: how deep replies may nest on this site (1 = no replies), so a Reply link shows only where one is allowed. */
  /** `reactions`: whether readers may "Like" comments on this site. */
  article: { key: string; title: string | null; url: string | null; closed: boolean; count: number; maxDepth: number; reactions: boolean } & QuietFields;
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
  /** The site read for it (CORS on the response uses it instead of reading it again). */
  site: Site;
  siteId: number;
  articleId: number | null;
  /** When the thread changes by itself (closes by age, quiet hours start or end); else null. */
  closesAt: number | null;
}

export async function loadThread(deps: ServiceDeps, query: ThreadQuery): Promise<LoadedThread> {
  const { site, article } = await requireSiteArticle(deps.store, query.site, query.article);
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && after === null) {
    throw validationError({ cursor: 'This cursor is not one this service gave out.' }, 'bad_request');
  }
  const now = deps.now();
  const quiet = quietFields(site.settings, now);
  if (!article) {
    return {
      thread: {
        article: {
          key: query.article,
          title: null,
          url: null,
          closed: quiet.closed,
          count: 0,
          maxDepth: site.settings.maxDepth,
          reactions: site.settings.reactions,
          ...quiet.fields,
        },
        comments: [],
        nextCursor: null,
      },
      site,
      siteId: site.id,
      articleId: null,
      closesAt: quiet.changesAt,
    };
  }
  const limit = query.limit ?? site.settings.commentsPerPage ?? THREAD_PAGE_MAX;
  const options = {
    sort: query.sort,
    limit,
    after,
    maxDepth: site.settings.maxDepth,
    featuredOnly: query.filter === 'featured',
    ...(query.around === undefined ? {} : { around: query.around }),
  };
  const { comments, nextCursor, target, count } = await pageOfThread(deps, article.id, options);
  const closedForGood = isClosed(site.settings, article, now);
  const closed = closedForGood || quiet.closed;
  const { closeAfterDays } = site.settings;
  const thread: Thread = {
    article: {
      key: article.key,
      title: article.title,
      url: article.url,
      closed,
      count,
      maxDepth: site.settings.maxDepth,
      reactions: site.settings.reactions,
      // A thread closed for good is not closed "until" anything.
      ...(closedForGood ? { ...quiet.fields, closedUntil: undefined } : quiet.fields),
    },
    comments,
    nextCursor,
  };
  // Only asked-for anchors answer `target`, so every other response is as it always was.
  if (query.around !== undefined) thread.target = target;
  const closesByAge =
    closedForGood || closeAfterDays === null || article.firstCommentAt === null ? null : article.firstCommentAt + closeAfterDays * 86_400_000 + 1;
  return { thread, site, siteId: site.id, articleId: article.id, closesAt: earliest(closesByAge, quiet.changesAt) };
}

type ThreadOptions = Parameters<typeof buildThread>[1];

/**
 * A page of the thread, read in SQL (any order, `filter=featured`, `around`): only the page's
 * top-level comments and their replies. The page is exact when fewer top-level comments came back
 * than asked (there are no more) or it came with a next one (so it was full); otherwise (deleted
 * placeholders with no replies took places) the whole article is read, as before. So is a page
 * asked `around` an anchor after a cursor (the widget never asks it; the anchor's thread may lie
 * before the cursor, or every comment before it).
 */
async function pageOfThread(deps: ServiceDeps, articleId: number, options: ThreadOptions) {
  if (options.around === undefined || options.after === null) {
    const page = await deps.store.approvedPage(articleId, {
      sort: options.sort,
      after: options.after,
      roots: options.limit + 1,
      ...(options.featuredOnly ? { featured: true } : {}),
      ...(options.around === undefined ? {} : { around: anchorLookup(options.around) }),
    });
    // The store found the anchor among all of the article's rows; the page holds only some.
    const built = buildThread(page.rows, page.whole || options.around === undefined ? options : { ...options, anchorId: page.anchor });
    if (page.whole || page.roots < page.asked || built.nextCursor !== null) {
      return { ...built, count: page.count };
    }
  }
  const rows = await deps.store.listApproved(articleId);
  return { ...buildThread(rows, options), count: rows.reduce((n, r) => n + (r.deleted ? 0 : 1), 0) };
}

/** `onSite`: told the site read, for CORS on the response (so it is not read twice). */
export async function getCounts(deps: ServiceDeps, siteSlug: string, keys: string[], onSite?: (site: Site) => void): Promise<Record<string, number>> {
  const site = await requireSite(deps.store, siteSlug);
  onSite?.(site);
  const found = await deps.store.countApproved(site.id, keys);
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = found.get(key) ?? 0;
  return counts;
}
