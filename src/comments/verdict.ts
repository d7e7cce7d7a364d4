// The held/approved decision: a pure function of the comment, the site's settings and what the
// store knows about the author. No I/O, so every rule is tested with a table of cases.
import { quietState } from './quiet-hours.js';
import type { SiteSettings } from './settings.js';

export interface VerdictInput {
  name: string;
  email: string;
  url: string | null;
  body: string;
  /** Links in the rendered body. */
  links: number;
  /** The client's address as seen on this request (never stored in this form). */
  ip: string | null;
  userAgent: string | null;
  /** The honeypot field was filled in. */
  honeypot: boolean;
  /** When the widget rendered the form (ms), for the time trap; null when not sent. */
  renderedAt: number | null;
  /** Depth of the comment replied to; null for a top-level comment. */
  parentDepth: number | null;
  now: number;
}

export interface VerdictHistory {
  /** The author (same email, case-insensitive) already has an approved comment on the site. */
  hasApprovedComment: boolean;
  /** The latest comment from the same email or IP (ms), if any. */
  lastCommentAt: number | null;
  /** The same author already posted this body on this article. */
  duplicate: boolean;
  /** The article, if it exists yet. */
  article: { closed: boolean; firstCommentAt: number | null } | null;
  /** The site's ban that matches the author's email, email domain or IP, if one is in force. */
  ban?: { id: number; kind: 'email' | 'ip' | 'domain' } | null;
}

/**
 * Why a comment is refused outright (each maps to one of the contract's errors; `discard`, Akismet's
 * "blatant spam", is refused silently: answered as if held, and not stored).
 */
export type Rejection =
  | 'name_email_required'
  | 'thread_closed'
  | 'quiet_hours'
  | 'max_depth'
  | 'duplicate'
  | 'flood'
  | 'banned'
  | 'discard'
  | 'hook_reject';

/**
 * What the spam services said, asked before the verdict (the I/O is the service layer's). A service
 * the site does not use is left out; `error` is a service that did not answer in time or sensibly.
 */
export interface ServiceAnswers {
  akismet?: 'spam' | 'ham' | 'discard' | 'error';
  hook?: { verdict: 'approve' | 'hold' | 'spam' | 'reject'; reasons: string[] } | 'error';
}

export type Verdict =
  | { status: 'approved' | 'pending' | 'spam'; reasons: string[] }
  /** `until`: when closed quiet hours end (ms; null when they never do). */
  | { status: 'rejected'; reasons: [Rejection]; retryAfter?: number; hookReasons?: string[]; until?: number | null };

/** Forms submitted faster than this after rendering are held as `too_fast`. */
export const TIME_TRAP_MS = 2000;

const IP_KEY = /^[0-9.]+$|^[0-9a-f:]*:[0-9a-f:]*$/i;

/**
 * The first key that matches, WordPress's way: a case-insensitive substring of the name, email,
 * url, body or user agent; a key that looks like an IP address or prefix matches the start of the IP.
 */
export function matchKey(keys: string[], input: VerdictInput): string | null {
  const haystack = [input.name, input.email, input.url ?? '', input.body, input.userAgent ?? ''].join('\n').toLowerCase();
  for (const raw of keys) {
    const key = raw.trim().toLowerCase();
    if (key === '') continue;
    if (IP_KEY.test(key)) {
      if (input.ip?.toLowerCase().startsWith(key)) return raw.trim();
      continue;
    }
    if (haystack.includes(key)) return raw.trim();
  }
  return null;
}

export function isClosed(
  settings: Pick<SiteSettings, 'closeAfterDays'>,
  article: VerdictHistory['article'],
  now: number,
): boolean {
  if (!article) return false;
  if (article.closed) return true;
  if (settings.closeAfterDays === null || article.firstCommentAt === null) return false;
  return now - article.firstCommentAt > settings.closeAfterDays * 86_400_000;
}

/** The hook's own reasons, namespaced so that none reads as one of Parley's. */
const hookReasons = (hook: ServiceAnswers['hook']) => (hook && hook !== 'error' ? hook.reasons.map((r) => `hook:${r}`) : []);

/**
 * Whether asking the services can change anything: not for a comment already refused, or already
 * spam by Parley's own rules (the honeypot, a disallowed word), which the services never overrule.
 */
export function needsServices(decided: Verdict): boolean {
  return decided.status !== 'rejected' && decided.status !== 'spam';
}

/**
 * Precedence (docs/spam.md): refusals; Parley's spam rules; Akismet's discard; the hook's reject;
 * spam from Akismet or the hook; the hook's hold; the hook's approve (which overrules Parley's hold
 * rules, except held quiet hours); Parley's hold rules. A service that failed changes nothing but leaves a reason saying so.
 */
export function verdict(input: VerdictInput, settings: SiteSettings, history: VerdictHistory, services: ServiceAnswers = {}): Verdict {
  // Refusals: the comment is not stored at all.
  if (settings.requireNameEmail && (!input.name || !input.email)) return { status: 'rejected', reasons: ['name_email_required'] };
  if (isClosed(settings, history.article, input.now)) return { status: 'rejected', reasons: ['thread_closed'] };
  const quiet = settings.quietHours ? quietState(settings.quietHours, input.now) : null;
  if (quiet?.quiet && settings.quietHours?.mode === 'closed') return { status: 'rejected', reasons: ['quiet_hours'], until: quiet.changesAt };
  if (input.parentDepth !== null && input.parentDepth >= settings.maxDepth) return { status: 'rejected', reasons: ['max_depth'] };
  if (history.duplicate) return { status: 'rejected', reasons: ['duplicate'] };
  if (settings.floodSeconds > 0 && history.lastCommentAt !== null) {
    const waitMs = history.lastCommentAt + settings.floodSeconds * 1000 - input.now;
    if (waitMs > 0) return { status: 'rejected', reasons: ['flood'], retryAfter: Math.ceil(waitMs / 1000) };
  }

  // A banned author meets the same refusals as anyone first, so a silent spam answer gives nothing away.
  if (history.ban) {
    if (settings.bannedAction === 'refuse') return { status: 'rejected', reasons: ['banned'] };
    return { status: 'spam', reasons: ['banned'] };
  }

  // Spam: stored, never shown, answered like a pending comment.
  if (input.honeypot) return { status: 'spam', reasons: ['honeypot'] };
  const disallowed = matchKey(settings.disallowedKeys, input);
  if (disallowed !== null) return { status: 'spam', reasons: [`disallowed_key:${disallowed}`] };

  const { akismet, hook } = services;
  if (akismet === 'discard') return { status: 'rejected', reasons: ['discard'] };
  if (hook !== undefined && hook !== 'error' && hook.verdict === 'reject') {
    return { status: 'rejected', reasons: ['hook_reject'], hookReasons: hookReasons(hook) };
  }
  // What a service that failed leaves behind: shown in the queue, holding nothing by itself.
  const failed = [...(akismet === 'error' ? ['akismet_error'] : []), ...(hook === 'error' ? ['hook_error'] : [])];
  const spam = [
    ...(akismet === 'spam' ? ['akismet'] : []),
    ...(hook !== undefined && hook !== 'error' && hook.verdict === 'spam' ? ['hook_spam', ...hookReasons(hook)] : []),
  ];
  if (spam.length > 0) return { status: 'spam', reasons: [...spam, ...failed] };

  // Held for a moderator, with every reason that applies.
  const reasons: string[] = [];
  if (quiet?.quiet) reasons.push('quiet_hours');
  if (settings.approval === 'all') reasons.push('manual_approval');
  if (settings.approval === 'first-time' && !history.hasApprovedComment) reasons.push('first_comment');
  if (settings.maxLinks > 0 && input.links >= settings.maxLinks) reasons.push(`links:${input.links}`);
  const moderated = matchKey(settings.moderationKeys, input);
  if (moderated !== null) reasons.push(`moderation_key:${moderated}`);
  if (input.renderedAt !== null && input.renderedAt <= input.now && input.now - input.renderedAt < TIME_TRAP_MS) {
    reasons.push('too_fast');
  }
  if (hook !== undefined && hook !== 'error') {
    if (hook.verdict === 'hold') return { status: 'pending', reasons: ['hook_hold', ...hookReasons(hook), ...reasons, ...failed] };
    // Quiet hours hold everything: no moderator is awake to see what the classifier let through.
    if (quiet?.quiet) return { status: 'pending', reasons: ['quiet_hours', ...hookReasons(hook), ...failed] };
    // The site's own classifier approved it: Parley's hold rules give way (their reasons are not kept).
    return { status: 'approved', reasons: [...hookReasons(hook), ...failed] };
  }
  return { status: reasons.length > 0 ? 'pending' : 'approved', reasons: [...reasons, ...failed] };
}
