// The privacy operations behind the routes: a moderator's look-up, export and erase by address, and
// the reader's own request (rate limited, answered the same whatever the address).
import { hmacHex } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import { toAdminComment } from '../moderation/service.js';
import type { Actor, Site, Store } from '../store/types.js';
import { eraseByEmail, type EraseDeps, type EraseResult } from './erase.js';
import { personalDataExport, type PersonalDataExport } from './export.js';
import type { EraseMode, PrivacyRequest } from './input.js';

export type PrivacyDeps = EraseDeps;

/** Requests per hour: per address (a person rarely needs more), and per client IP (one office, many people). */
export const REQUESTS_PER_ADDRESS = 3;
export const REQUESTS_PER_IP = 10;
const WINDOW_MS = 3_600_000;

export async function requireSite(store: Store, slug: string): Promise<Site> {
  const site = await store.getSite(slug);
  if (!site) throw new AppError('not_found', 'There is no such site.');
  return site;
}

export async function lookUp(deps: PrivacyDeps, slug: string, email: string) {
  const site = await requireSite(deps.store, slug);
  const rows = await deps.store.commentsByEmail(site.id, email);
  return { comments: rows.map(toAdminComment) };
}

/** The export download; `actor` (a moderator) is audited, a reader's own download is not an action. */
export async function exportData(deps: PrivacyDeps, slug: string, email: string, actor: Actor | null): Promise<PersonalDataExport> {
  const site = await requireSite(deps.store, slug);
  const rows = await deps.store.commentsByEmail(site.id, email);
  const now = deps.now();
  if (actor) {
    await deps.store.recordAudit({ actor, action: 'privacy.export', detail: { comments: rows.map((r) => r.comment.id) }, at: now, commentId: null, siteId: site.id });
  }
  return personalDataExport(site.slug, email, rows, now);
}

export async function erase(deps: PrivacyDeps, slug: string, email: string, mode: EraseMode, actor: Actor): Promise<EraseResult> {
  return eraseByEmail(deps, await requireSite(deps.store, slug), email, mode, actor);
}

/** Who a self-service erase is audited as. */
export const READER_ACTOR: Actor = { type: 'reader', id: 0, name: 'The commenter (privacy request)', email: '' };

/**
 * A reader's request: counts against the address and the IP (429 past the limit, whether or not the
 * address has comments), then answers whether a mail should go out. The caller answers 202 either way.
 */
export async function acceptRequest(deps: PrivacyDeps, request: PrivacyRequest, ip: string | null): Promise<{ site: Site; hasComments: boolean }> {
  const site = await requireSite(deps.store, request.site);
  const now = deps.now();
  const since = now - WINDOW_MS;
  const address = `privacy-email:${(await hmacHex(deps.secret, `privacy-email\u0000${request.email.trim().toLowerCase()}`)).slice(0, 32)}`;
  const client = ip ? [`privacy-ip:${(await hmacHex(deps.secret, `privacy-ip\u0000${ip}`)).slice(0, 32)}`] : [];
  const [byAddress, byIp] = await Promise.all([
    deps.store.loginFailures([address], since),
    client.length > 0 ? deps.store.loginFailures(client, since) : Promise.resolve(0),
  ]);
  if (byAddress >= REQUESTS_PER_ADDRESS || byIp >= REQUESTS_PER_IP) {
    throw new AppError('rate_limited', 'Too many requests for now. Try again in an hour.', { retryAfter: WINDOW_MS / 1000 });
  }
  // The throttle's counters are the sign-in throttle's table, under their own keys.
  await deps.store.recordLoginFailure([address, ...client], now, since);
  const rows = await deps.store.commentsByEmail(site.id, request.email);
  return { site, hasComments: rows.length > 0 };
}
