// Bans: a site's refusal of an author's email, email domain or (anonymised) IP, for a time or for
// good. Made from a comment or a typed value, listed, edited and lifted; every change audited.
import { emailDomain, normaliseBanValue, normaliseEmail } from '../comments/ban-keys.js';
import { AppError, validationError } from '../errors.js';
import type { BanRow } from '../store/bans-types.js';
import type { Actor, Site } from '../store/types.js';
import type { NewBanInput } from './bans-input.js';
import type { ModerationDeps } from './service.js';

export function banView(ban: BanRow, site: string, now: number) {
  return {
    id: ban.id,
    site,
    kind: ban.kind,
    value: ban.value,
    until: ban.until === null ? null : new Date(ban.until).toISOString(),
    /** An expired ban is kept (and listed) but no longer applied. */
    expired: ban.until !== null && ban.until <= now,
    note: ban.note,
    commentId: ban.commentId,
    createdBy: ban.createdBy,
    createdAt: new Date(ban.createdAt).toISOString(),
  };
}

export type BanView = ReturnType<typeof banView>;

export async function banSite(deps: ModerationDeps, slug: string): Promise<Site> {
  const site = await deps.store.getSite(slug);
  if (!site) throw new AppError('not_found', 'There is no such site.');
  return site;
}

/** An until date as ms; a time already past is refused (a ban that never applies is a mistake). */
function untilMs(until: string | null | undefined, now: number): number | null {
  if (until === undefined || until === null) return null;
  const ms = Date.parse(until);
  if (!Number.isFinite(ms)) throw validationError({ until: 'Until is not a date.' });
  if (ms <= now) throw validationError({ until: 'Until must be in the future.' });
  return ms;
}

/** The value a ban from a comment takes: its email, its email's domain, or its stored anonymised IP. */
async function valueFromComment(deps: ModerationDeps, site: Site, input: NewBanInput & { commentId: number }): Promise<string> {
  const found = await deps.store.findComment(input.commentId);
  if (!found || found.site.id !== site.id) throw validationError({ commentId: 'There is no such comment on this site.' });
  const { comment } = found;
  if (comment.moderator) throw validationError({ commentId: 'A moderator’s reply cannot be the source of a ban.' });
  if (input.kind === 'ip') {
    if (!comment.ip) throw validationError({ commentId: 'This comment has no stored IP address (it was never kept or has been forgotten).' });
    return comment.ip;
  }
  const email = normaliseEmail(comment.email);
  const value = input.kind === 'email' ? email : emailDomain(email);
  if (!email || !value) throw validationError({ commentId: 'This comment has no email address.' });
  return value;
}

const KIND_WORDS = { email: 'email address', ip: 'IP address (as stored: IPv4 /24, IPv6 /48)', domain: 'domain' } as const;

export async function createBan(deps: ModerationDeps, input: NewBanInput, actor: Actor) {
  const site = await banSite(deps, input.site);
  const now = deps.now();
  let value: string;
  if (input.commentId !== undefined) {
    value = await valueFromComment(deps, site, { ...input, commentId: input.commentId });
  } else {
    const normal = normaliseBanValue(input.kind, input.value ?? '');
    if (normal === null) throw validationError({ value: `This is not an ${KIND_WORDS[input.kind]}.` });
    value = normal;
  }
  const until = untilMs(input.until, now);
  const existing = await deps.store.findBan(site.id, input.kind, value);
  if (existing) throw new AppError('duplicate', `This ${input.kind} is already banned on this site (ban ${existing.id}); edit that ban instead.`);
  const ban = await deps.store.addBan(
    { siteId: site.id, kind: input.kind, value, until, note: input.note || null, commentId: input.commentId ?? null, createdBy: actor.name, createdAt: now },
    { actor, action: 'ban.create', at: now },
  );
  if (!ban) throw new AppError('internal_error', 'The ban was not stored.');
  return banView(ban, site.slug, now);
}

export async function listBans(deps: ModerationDeps, slug: string, limit: number) {
  const site = await banSite(deps, slug);
  const now = deps.now();
  return (await deps.store.listBans(site.id, limit)).map((ban) => banView(ban, site.slug, now));
}

/** A ban of the named site; one of another site is not found, so the site in the request is the one that counts. */
async function siteBan(deps: ModerationDeps, slug: string, id: number) {
  const site = await banSite(deps, slug);
  const ban = await deps.store.getBan(id);
  if (!ban || ban.siteId !== site.id) throw new AppError('not_found', 'There is no such ban on this site.');
  return { site, ban };
}

export async function editBan(deps: ModerationDeps, slug: string, id: number, edit: { until?: string | null; note?: string | null }, actor: Actor) {
  const { site } = await siteBan(deps, slug, id);
  const now = deps.now();
  const change: { until?: number | null; note?: string | null } = {};
  if (edit.until !== undefined) change.until = untilMs(edit.until, now);
  if (edit.note !== undefined) change.note = edit.note || null;
  const ban = await deps.store.updateBan(id, change, { actor, action: 'ban.update', at: now });
  if (!ban) throw new AppError('not_found', 'There is no such ban on this site.');
  return banView(ban, site.slug, now);
}

export async function liftBan(deps: ModerationDeps, slug: string, id: number, actor: Actor): Promise<void> {
  await siteBan(deps, slug, id);
  const lifted = await deps.store.liftBan(id, { actor, action: 'ban.lift', at: deps.now() });
  if (!lifted) throw new AppError('not_found', 'There is no such ban on this site.');
}
