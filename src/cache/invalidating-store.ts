// A Store decorator for processes that cache responses: every write that can change a public
// response invalidates it, and sites (read on every request) are kept in memory. A method not named
// here is treated as a write of unknown reach and clears everything, so a new store method is safe
// before anyone thinks about it.
import type { CommentRow, InsertResult, NewComment, NewOutboxEvent, Site, Store } from '../store/types.js';
import type { ResponseCache } from './response-cache.js';

/** Tags of cached responses. */
export const cacheTags = {
  /** The thread of one article key (which may not exist yet) on one site. */
  article: (siteId: number, key: string) => `article:${siteId}:${key}`,
  /** The thread of one existing article, for writes that know the article only by id. */
  articleId: (articleId: number) => `article#${articleId}`,
  /** Every counts response. */
  counts: 'counts',
} as const;

/** Methods that change nothing the public sees (or only read). */
const NEUTRAL = new Set<string>([
  'ping', 'getArticle', 'findComment', 'listApproved', 'approvedPage', 'countApproved', 'authorHistory',
  'listComments', 'getAdminComment', 'recordAudit', 'listAudit', 'stats', 'listSites',
  'upsertModerator', 'findModeratorByEmail', 'listModerators', 'createApiToken', 'revokeApiToken',
  'listApiTokens', 'findApiToken', 'createSession', 'findSession', 'deleteSession', 'loginFailures',
  'recordLoginFailure', 'clearLoginFailures', 'claimDueWebhooks',
  'markWebhookDelivered', 'markWebhookFailed', 'getOrCreateSecret',
  'exportArticles', 'exportComments', 'exportCommentsByArticle',
  // Readers' mail, privacy lookups and forgotten IPs: nothing public (anonymiseByEmail clears all).
  'subscribe', 'confirmAddress', 'isConfirmed', 'subscribersFor', 'findSubscription', 'unsubscribe', 'suppress',
  'isSuppressed', 'commentsByEmail', 'forgetIps', 'expiredSpamTrash', 'readerMailsSince',
  // Mail: the outbox, preferences and link ids are never part of a public response.
  'enqueueMails', 'claimDueMails', 'markMailSent', 'markMailFailed', 'listFailedMails', 'mailRecipients',
  'mailPrefsOf', 'saveMailPrefs', 'commentsForDigest', 'recordDigest', 'useMailToken', 'isMailTokenUsed', 'pruneMail',
  // Reports are never shown; dismissing them changes no status (a restore goes through changeComment).
  'recentReports', 'reportSummaries', 'dismissReports',
  // Roles: who moderates what is never part of a public response.
  'createModerator', 'listModeratorsWithAccess', 'setModeratorAccess', 'removeModerator',
  'createTokenWithAccess', 'listTokensWithAccess', 'setTokenAccess', 'removeToken',
  // Bans and author history: a ban changes who may post, never a published thread.
  'activeBan', 'listBans', 'findBan', 'getBan', 'addBan', 'updateBan', 'liftBan', 'authorCounts', 'pendingByAuthor',
]);

const MAX_SITES = 1000;

type Method = (...args: unknown[]) => unknown;

export function invalidatingStore(store: Store, cache: ResponseCache): Store {
  const sites = new Map<string, Site>();
  let origins: string[] | null = null;
  let seenClears = -1;

  /** Drops the site copies whenever the cache was cleared (a site change, or another process wrote). */
  const fresh = () => {
    cache.checkExternal();
    if (seenClears !== cache.clears) {
      sites.clear();
      origins = null;
      seenClears = cache.clears;
    }
  };

  const getSite = async (slug: string) => {
    fresh();
    const known = sites.get(slug);
    if (known) return known;
    const clears = cache.clears;
    const site = await store.getSite(slug);
    if (site && clears === cache.clears) {
      if (sites.size >= MAX_SITES) sites.clear();
      sites.set(slug, site);
    }
    return site;
  };

  // The site from memory, so only the article is read (as a getSite and a getArticle would be).
  const siteArticle = async (slug: string, key: string) => {
    const site = await getSite(slug);
    return site ? { site, article: await store.getArticle(site.id, key) } : null;
  };

  const overrides: Partial<Store> = {
    getSite,
    siteArticle,
    async postContext(slug, key, keys, now) {
      const found = await siteArticle(slug, key);
      return found ? { ...found, ban: await store.activeBan(found.site.id, keys, now) } : null;
    },
    async allOrigins() {
      fresh();
      if (origins) return origins;
      const clears = cache.clears;
      const found = await store.allOrigins();
      if (clears === cache.clears) origins = found;
      return found;
    },
    async insertComment(input: NewComment, guard) {
      const result: InsertResult = await store.insertComment(input, guard);
      if (!result.ok) return result;
      if (input.status === 'approved') {
        cache.invalidate([cacheTags.article(input.siteId, input.articleKey), cacheTags.counts]);
      } else if (result.articleChanged !== false) {
        // A held (or spam) comment changes nothing public unless it created or filled in its article
        // (the store says so from inside the insert's transaction: no read before it).
        cache.invalidate([cacheTags.article(input.siteId, input.articleKey)]);
      }
      return result;
    },
    async updateBody(id, change) {
      const row: CommentRow | null = await store.updateBody(id, change);
      if (row) cache.invalidate([cacheTags.articleId(row.articleId)]);
      return row;
    },
    async deleteComment(id: number, events?: NewOutboxEvent[]) {
      const found = await store.findComment(id);
      try {
        return await store.deleteComment(id, events);
      } finally {
        if (found) cache.invalidate([cacheTags.articleId(found.comment.articleId), cacheTags.counts]);
      }
    },
    async changeComment(id, change, audit, effects) {
      const result = await store.changeComment(id, change, audit, effects);
      if (result) cache.invalidate([cacheTags.articleId(result.before.articleId), cacheTags.counts]);
      return result;
    },
    async addReport(report, rule) {
      const outcome = await store.addReport(report, rule);
      if (outcome?.hidden && outcome.added) cache.invalidate([cacheTags.articleId(outcome.articleId), cacheTags.counts]);
      return outcome;
    },
    async setReaction(commentId, reader, on, now) {
      // Only this article's threads: a reaction changes one count in them, and nothing in the counts.
      const result = await store.setReaction(commentId, reader, on, now);
      if (result) cache.invalidate([cacheTags.articleId(result.articleId)]);
      return result;
    },
    async purgeComment(id, audit, effects) {
      const row = await store.purgeComment(id, audit, effects);
      if (row) cache.invalidate([cacheTags.articleId(row.articleId), cacheTags.counts]);
      return row;
    },
  };

  const wrapped = new Map<string, Method>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (method) return method;
      const own: unknown = overrides[property as keyof Store];
      const original = value as Method;
      if (typeof own === 'function') {
        method = own as Method;
      } else if (NEUTRAL.has(property)) {
        method = (...args) => original.apply(target, args);
      } else {
        // A write this decorator does not know (saveSite, anything added later).
        method = async (...args) => {
          try {
            return await original.apply(target, args);
          } finally {
            cache.clear();
          }
        };
      }
      wrapped.set(property, method);
      return method;
    },
  });
}
