// Signed mail links: an action on a comment that works without signing in, for one moderator, once,
// until it expires. The token is `payload.signature`: the payload names the comment, the moderator,
// the action, the expiry and a random id (stored when used, so a link works once); the signature is
// an HMAC with the server secret, so nobody can make or alter one.
import { randomToken } from '../comments/crypto.js';
import { signToken, verifyToken } from '../comments/signed-token.js';

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

/** Domain-separated, so a signature made for one purpose never passes for another. */
const DOMAIN = 'parley-mail-link';

export async function signLink(secret: string, claims: Omit<LinkClaims, 'id'>): Promise<string> {
  const body = { i: randomToken().slice(0, 22), c: claims.commentId, m: claims.moderatorId, a: claims.action, x: claims.expiresAt };
  return signToken(secret, DOMAIN, body);
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token's signature and expiry (not whether it was used: that is the store's). */
export function verifyLink(secret: string, token: string, now: number): Promise<LinkCheck> {
  return verifyToken(secret, DOMAIN, token, 400, now, ({ i, c, m, a }, expiresAt): LinkClaims | null => {
    if (typeof i !== 'string' || !Number.isSafeInteger(c) || !Number.isSafeInteger(m)) return null;
    if (!mailActions.includes(a as MailAction)) return null;
    return { id: i, commentId: c as number, moderatorId: m as number, action: a as MailAction, expiresAt };
  });
}

/** The page a link opens; the token travels in the path (no query string to leak into logs that record one). */
export const actionUrl = (publicUrl: string, token: string) => `${publicUrl}/mail/action/${token}`;
