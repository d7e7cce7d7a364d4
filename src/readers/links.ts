// Signed links in readers' mail: confirm a subscription, unsubscribe, download or erase one's comments.
// The token is `payload.signature` (as the moderators' mail links): the payload names the purpose, the
// site, the address (the link only ever goes to that address), the subscription if any, a random id
// (recorded when a single-use link is used) and the expiry; the HMAC with the server secret, under
// its own domain, means nobody can make or alter one, nor pass one made for another purpose.
import { fromBase64Url, hmacHex, randomToken, timingSafeEqual, toBase64Url } from '../comments/crypto.js';

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

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const signature = (secret: string, payload: string) => hmacHex(secret, `parley-reader-link:${payload}`);

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
  const payload = toBase64Url(encoder.encode(JSON.stringify(body)));
  return `${payload}.${await signature(secret, payload)}`;
}

export type ReaderLinkCheck = { ok: true; link: ReaderLink } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks signature, purpose and expiry (single use is the store's: useMailToken). */
export async function verifyReaderLink(secret: string, token: string, purpose: LinkPurpose, now: number): Promise<ReaderLinkCheck> {
  const match = /^([A-Za-z0-9_-]{1,1200})\.([0-9a-f]{64})$/.exec(token);
  if (!match?.[1] || !match[2]) return { ok: false, reason: 'invalid' };
  const [, payload, mac] = match;
  if (!timingSafeEqual(await signature(secret, payload), mac)) return { ok: false, reason: 'invalid' };
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(fromBase64Url(payload)));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'invalid' };
  const { i, p, s, e, u, x } = body as Record<string, unknown>;
  if (typeof i !== 'string' || p !== purpose || typeof s !== 'string' || typeof e !== 'string' || !Number.isSafeInteger(x)) {
    return { ok: false, reason: 'invalid' };
  }
  if (u !== null && !Number.isSafeInteger(u)) return { ok: false, reason: 'invalid' };
  if ((x as number) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, link: { id: i, purpose, site: s, email: e, subscriptionId: u as number | null, expiresAt: x as number } };
}

/** Links carry their token in the path, so no query string carries it into a log that records one. */
export const readerLinkPaths: Record<LinkPurpose, string> = {
  confirm: '/subscriptions/confirm',
  unsubscribe: '/unsubscribe',
  export: '/privacy/export',
  erase: '/privacy/erase',
};

export const readerLinkUrl = (publicUrl: string, purpose: LinkPurpose, token: string) => `${publicUrl}${readerLinkPaths[purpose]}/${token}`;
