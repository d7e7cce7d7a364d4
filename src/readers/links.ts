// Signed links in readers' mail: confirm a subscription, unsubscribe, download or erase one's comments.
// The token is `payload.signature` (as the moderators' mail links): the payload names the purpose, the
// site, the address (the link only ever goes to that address), the subscription if any, a random id
// (recorded when a single-use link is used) and the expiry; the HMAC with the server secret, under
// its own domain, means nobody can make or alter one, nor pass one made for another purpose.
import { randomToken } from '../comments/crypto.js';
import { signToken, verifyToken } from '../comments/signed-token.js';

export const linkPurposes = ['confirm', 'unsubscribe', 'export', 'erase'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

const DAY_MS = 86_400_000;
/** How long each kind of link works: privacy links briefly, unsubscribe links as long as mail may be kept. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  confirm: 30 * DAY_MS,
  unsubscribe: 365 * DAY_MS,
  export: DAY_MS,
  erase: DAY_MS,
};

export interface ReaderLink {
  id: string;
  purpose: LinkPurpose;
  /** The site's slug. */
  site: string;
  email: string;
  /** The subscription an unsubscribe link ends; null for the others. */
  subscriptionId: number | null;
  expiresAt: number;
}

const DOMAIN = 'parley-reader-link';

export async function signReaderLink(
  secret: string,
  link: { purpose: LinkPurpose; site: string; email: string; subscriptionId?: number | null },
  now: number,
): Promise<string> {
  const body = {
    i: randomToken().slice(0, 22),
    p: link.purpose,
    s: link.site,
    e: link.email.trim().toLowerCase(),
    u: link.subscriptionId ?? null,
    x: now + LINK_LIFETIME_MS[link.purpose],
  };
  return signToken(secret, DOMAIN, body);
}

export type ReaderLinkCheck = { ok: true; link: ReaderLink } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks signature, purpose and expiry (single use is the store's: useMailToken). */
export async function verifyReaderLink(secret: string, token: string, purpose: LinkPurpose, now: number): Promise<ReaderLinkCheck> {
  const check = await verifyToken(secret, DOMAIN, token, 1200, now, ({ i, p, s, e, u }, expiresAt): ReaderLink | null => {
    if (typeof i !== 'string' || p !== purpose || typeof s !== 'string' || typeof e !== 'string') return null;
    if (u !== null && !Number.isSafeInteger(u)) return null;
    return { id: i, purpose, site: s, email: e, subscriptionId: u as number | null, expiresAt };
  });
  return check.ok ? { ok: true, link: check.claims } : check;
}

/** Links carry their token in the path, so no query string carries it into a log that records one. */
export const readerLinkPaths: Record<LinkPurpose, string> = {
  confirm: '/subscriptions/confirm',
  unsubscribe: '/unsubscribe',
  export: '/privacy/export',
  erase: '/privacy/erase',
};

export const readerLinkUrl = (publicUrl: string, purpose: LinkPurpose, token: string) => `${publicUrl}${readerLinkPaths[purpose]}/${token}`;
