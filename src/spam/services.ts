// The spam services a site may use (Akismet, its own moderation hook), behind one interface that
// createApp builds from a fetch, so the comment service asks them without knowing how they are reached.
import { randomToken } from '../comments/crypto.js';
import type { ServiceAnswers } from '../comments/verdict.js';
import type { NewOutboxEvent, Site } from '../store/types.js';
import { checkComment, submitComment, verifyKey, type AkismetComment, type AkismetOptions } from './akismet.js';
import { askHook, type HookCall } from './hook.js';
import { AKISMET_OUTBOX_PREFIX } from '../moderation/webhooks.js';

export type { ServiceAnswers };

/** A new or edited comment as the services are told of it. */
export interface CheckedComment {
  type: HookCall['type'];
  /** The comment's id; absent for a new comment (asked before it is stored). */
  id?: number;
  articleKey: string;
  articleUrl: string | null;
  parentId: number | null;
  name: string;
  email: string;
  url: string | null;
  body: string;
  /** The request's own address: Akismet needs it, and it is sent nowhere else (never stored). */
  ip: string | null;
  /** The anonymised address (what Parley stores), for the hook. */
  anonymisedIp: string | null;
  userAgent: string | null;
  createdAt: number;
}

export interface SpamServices {
  /** Asks the services the site has set up, at once; never throws (a failure is an `error` answer). */
  check(site: Site, comment: CheckedComment): Promise<ServiceAnswers>;
  /** Sends a moderator's decision to Akismet; throws on failure (the outbox tries again). */
  submit(key: string, kind: 'spam' | 'ham', comment: AkismetComment): Promise<void>;
  verifyKey(key: string, blog: string): Promise<'valid' | 'invalid' | 'error'>;
}

/** The site's home for Akismet's `blog`: its first allowed origin, else the article's. */
export function blogOf(site: Site, articleUrl: string | null): string {
  const first = site.settings.origins[0];
  if (first) return first;
  try {
    return articleUrl ? new URL(articleUrl).origin : '';
  } catch {
    return '';
  }
}

export function akismetFields(site: Site, comment: Omit<CheckedComment, 'type' | 'anonymisedIp'>): AkismetComment {
  return {
    blog: blogOf(site, comment.articleUrl),
    user_ip: comment.ip ?? '',
    user_agent: comment.userAgent ?? '',
    permalink: comment.articleUrl ?? undefined,
    comment_type: comment.parentId === null ? 'comment' : 'reply',
    comment_author: comment.name,
    comment_author_email: comment.email,
    comment_author_url: comment.url ?? undefined,
    comment_content: comment.body,
    comment_date_gmt: new Date(comment.createdAt).toISOString(),
    blog_lang: site.settings.language,
    blog_charset: 'UTF-8',
  };
}

export interface SpamServiceOptions {
  akismet: Omit<AkismetOptions, 'fetch'>;
  /** For Akismet (an address the operator configured). */
  fetch: typeof fetch;
  /** For the hook (an address a moderator configured): refuses private addresses unless allowed. */
  outboundFetch: typeof fetch;
}

export function createSpamServices(options: SpamServiceOptions): SpamServices {
  const akismet: AkismetOptions = { ...options.akismet, fetch: options.fetch };
  return {
    async check(site, comment) {
      const { akismetKey, moderationHook } = site.settings;
      // Akismet judges new comments only; the hook hears of edits too.
      const [akismetAnswer, hookAnswer] = await Promise.all([
        akismetKey && comment.type === 'comment.created' ? checkComment(akismet, akismetKey, akismetFields(site, comment)) : undefined,
        moderationHook
          ? askHook(options.outboundFetch, moderationHook, {
              type: comment.type,
              site: site.slug,
              now: comment.createdAt,
              comment: {
                ...(comment.id === undefined ? {} : { id: comment.id }),
                articleKey: comment.articleKey,
                articleUrl: comment.articleUrl,
                parentId: comment.parentId,
                name: comment.name,
                email: comment.email,
                url: comment.url,
                body: comment.body,
                ip: comment.anonymisedIp,
                userAgent: comment.userAgent,
              },
            })
          : undefined,
      ]);
      return { ...(akismetAnswer ? { akismet: akismetAnswer } : {}), ...(hookAnswer ? { hook: hookAnswer } : {}) };
    },
    submit: (key, kind, comment) => submitComment(akismet, key, kind, comment),
    verifyKey: (key, blog) => verifyKey(akismet, key, blog),
  };
}


/** The outbox row of a moderator's spam / not-spam decision, written with the decision. The key is not in it. */
export function akismetSubmission(site: Site, kind: 'spam' | 'ham', comment: AkismetComment, now: number): NewOutboxEvent {
  return {
    eventId: `akismet_${randomToken()}`,
    siteId: site.id,
    url: `${AKISMET_OUTBOX_PREFIX}submit-${kind}`,
    payload: JSON.stringify(comment),
    createdAt: now,
  };
}
