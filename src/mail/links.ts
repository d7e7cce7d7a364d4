// Signed mail links: an action on a comment that works without signing in, for one moderator, once,
// until it expires. The token is `payload.signature`: the payload names the comment, the moderator,
// the action, the expiry and a random id (stored when used, so a link works once); the signature is
// an HMAC with the server secret, so nobody can make or alter one.
import { fromBase64Url, hmacHex, randomToken, timingSafeEqual, toBase64Url } from '../comments/crypto.js';

export const mailActions = ['approve', 'spam', 'trash'] as const;
export type MailAction = (typeof mailActions)[number];

export const LINK_LIFETIME_MS = 7 * 24 * 3_600_000;

export interface LinkClaims {
  /** Random id, recorded when the link is used. */
  id: string;
  commentId: number;
  moderatorId: number;
  action: MailAction;
  expiresAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Domain-separated, so a signature made for one purpose never passes for another. */
const signature = (secret: string, payload: string) => hmacHex(secret, `parley-mail-link:${payload}`);

export async function signLink(secret: string, claims: Omit<LinkClaims, 'id'>): Promise<string> {
  const body = { i: randomToken().slice(0, 22), c: claims.commentId, m: claims.moderatorId, a: claims.action, x: claims.expiresAt };
  const payload = toBase64Url(encoder.encode(JSON.stringify(body)));
  return `${payload}.${await signature(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token's signature and expiry (not whether it was used: that is the store's). */
export async function verifyLink(secret: string, token: string, now: number): Promise<LinkCheck> {
  const match = /^([A-Za-z0-9_-]{1,400})\.([0-9a-f]{64})$/.exec(token);
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
  const { i, c, m, a, x } = body as Record<string, unknown>;
  if (typeof i !== 'string' || !Number.isSafeInteger(c) || !Number.isSafeInteger(m) || !Number.isSafeInteger(x)) return { ok: false, reason: 'invalid' };
  if (!mailActions.includes(a as MailAction)) return { ok: false, reason: 'invalid' };
  if ((x as number) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { id: i, commentId: c as number, moderatorId: m as number, action: a as MailAction, expiresAt: x as number } };
}

/** The page a link opens; the token travels in the path (no query string to leak into logs that record one). */
export const actionUrl = (publicUrl: string, token: string) => `${publicUrl}/mail/action/${token}`;
