// A comment post decided from the site as the store remembers it (D1: the isolate's last read) and
// written in one round trip by a batch that writes nothing unless every assumption still holds in
// SQL (src/store/d1-post.ts). Whatever the fast path cannot decide for sure (a refusal, a site with
// spam services, a ban, a reply to a parent that is gone) goes the ordinary way in postComment,
// which then answers exactly as it always has.
import type { BanKeys } from '../store/bans-types.js';
import type { OptimisticPostStore, PostContext, PostVariant } from '../store/optimistic-post-types.js';
import { writtenVariant } from '../store/optimistic-post-types.js';
import type { CommentStore, InsertResult, NewComment, NewMail, Site } from '../store/types.js';
import { newCommentEvents } from '../moderation/new-comment-event.js';
import type { NewCommentInput } from './input.js';
import { isAllowedUrl } from './settings.js';
import { usesServices } from './spam-check.js';
import { verdict, type VerdictHistory, type VerdictInput } from './verdict.js';
import type { SpamServices } from '../spam/services.js';

export interface OptimisticDeps {
  store: CommentStore & Partial<OptimisticPostStore>;
  mailsForNewComment?: (site: Site, comment: NewComment) => Promise<NewMail[]>;
  spam?: SpamServices;
}

export interface OptimisticKit {
  verdictInput: VerdictInput;
  keys: BanKeys;
  /** The comment to store for a decision (`depth`: a placeholder for a reply, taken from the parent in SQL). */
  draftOf: (site: Site, decided: { status: NewComment['status']; reasons: string[] }, depth: number) => NewComment;
}

type Decided = { status: 'approved' | 'pending' | 'spam'; reasons: string[] };

export type Attempt =
  /** Not tried: the ordinary path reads the site first. */
  | { kind: 'skipped' }
  | { kind: 'posted'; site: Site; result: Extract<InsertResult, { ok: true }>; decided: Decided; announced: boolean }
  /** The insert's own duplicate or flood guard refused it (its assumptions held). */
  | { kind: 'refused'; site: Site; result: Extract<InsertResult, { ok: false }> }
  /** An assumption failed; nothing written. `context`: what the batch read (null: no such site). */
  | { kind: 'stale'; context: PostContext | null };

const SKIPPED: Attempt = { kind: 'skipped' };

/** What the verdict knows before reading anything: an open article, no ban, no duplicate or flood (the insert's guard checks those). */
const ASSUMED: VerdictHistory = { hasApprovedComment: true, lastCommentAt: null, duplicate: false, article: null, ban: null };

export async function postOptimistically(deps: OptimisticDeps, input: NewCommentInput, origin: string | null, kit: OptimisticKit): Promise<Attempt> {
  const { store } = deps;
  const known = store.knownSite?.(input.site);
  if (!known || !store.insertIfUnchanged) return SKIPPED;
  const { site } = known;
  const { settings } = site;
  const { email, now } = kit.verdictInput;
  // What the ordinary path refuses before the verdict, it also explains (from settings it reads fresh).
  if (origin !== null && origin !== 'null' && !settings.origins.includes(origin)) return SKIPPED;
  if (input.articleUrl !== undefined && !isAllowedUrl(settings, input.articleUrl)) return SKIPPED;
  if (input.subscribe && input.subscribe.length > 0 && !email) return SKIPPED;
  // Sites with spam services read the author's history first and wait on the network anyway.
  if (deps.spam && usesServices(site)) return SKIPPED;

  // Without an email nobody is "known" (authorHistory looks authors up by email).
  const firstTimeRule = settings.approval === 'first-time';
  const main = verdict(kit.verdictInput, settings, { ...ASSUMED, hasApprovedComment: !firstTimeRule || email !== '' });
  // A refusal from the verdict (closed quiet hours, name required, no replies…) goes the ordinary way.
  if (main.status === 'rejected') return SKIPPED;
  const alt = firstTimeRule && email !== '' ? verdict(kit.verdictInput, settings, { ...ASSUMED, hasApprovedComment: false }) : null;
  if (alt?.status === 'rejected') return SKIPPED;

  const depth = input.parentId === undefined ? 1 : 0;
  // The parent as moderators see it in the event: published (the batch checks it); its name and html come from SQL.
  const parentSeen = input.parentId === undefined ? null : { id: input.parentId, name: '', html: '', status: 'approved' as const };
  const variant = async (decided: Decided): Promise<PostVariant & { draft: NewComment }> => {
    const draft = kit.draftOf(site, decided, depth);
    const mails = deps.mailsForNewComment ? await deps.mailsForNewComment(site, draft) : [];
    const events = newCommentEvents(site, draft, parentSeen, decided, now);
    return { ...decided, mails, events, draft: { ...draft, mails, events } };
  };
  const first = await variant({ status: main.status, reasons: main.reasons });
  const second = alt && (alt.status !== main.status || alt.reasons.join('\n') !== main.reasons.join('\n')) ? await variant({ status: alt.status, reasons: alt.reasons }) : null;

  const post = {
    site,
    settingsText: known.settings,
    comment: first.draft,
    firstTime: second ? { status: second.status, reasons: second.reasons, mails: second.mails, events: second.events } : null,
    banKeys: kit.keys,
    floodSince: settings.floodSeconds > 0 ? now - settings.floodSeconds * 1000 : null,
  };
  const result = await store.insertIfUnchanged(post);
  if (result.ok) {
    const written = writtenVariant(post, result.comment);
    const decided = { status: written.status === 'approved' ? 'approved' : written.status === 'spam' ? 'spam' : 'pending', reasons: written.reasons } as const;
    return { kind: 'posted', site, result, decided: { status: decided.status, reasons: [...decided.reasons] }, announced: written.events.length > 0 };
  }
  if (result.reason === 'stale') return { kind: 'stale', context: result.context };
  return { kind: 'refused', site, result };
}
