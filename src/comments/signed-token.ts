// Signed tokens for links in mail: `payload.signature`, where the payload is a base64url JSON body
// carrying its expiry as `x`, and the signature an HMAC with the server secret under a purpose of its
// own (a domain), so a token made for one kind of link never passes for another and nobody can make
// or alter one. Each kind of link reads and checks its own claims from the body.
import { fromBase64Url, hmacHex, timingSafeEqual, toBase64Url } from './crypto.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const signature = (secret: string, domain: string, payload: string) => hmacHex(secret, `${domain}:${payload}`);

/** Signs `body` (which carries its expiry, `x`, in ms since the epoch). */
export async function signToken(secret: string, domain: string, body: { x: number }): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(body)));
  return `${payload}.${await signature(secret, domain, payload)}`;
}

export type TokenCheck<T> = { ok: true; claims: T } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks the signature, decodes the body and hands it to `readClaims` (null: the claims are not
 * valid), then checks the expiry, so a token with bad claims is 'invalid' even once expired.
 * `maxPayload` bounds the payload's length before any work is done on it.
 */
export async function verifyToken<T>(
  secret: string,
  domain: string,
  token: string,
  maxPayload: number,
  now: number,
  readClaims: (body: Record<string, unknown>, expiresAt: number) => T | null,
): Promise<TokenCheck<T>> {
  const match = new RegExp(`^([A-Za-z0-9_-]{1,${maxPayload}})\\.([0-9a-f]{64})$`).exec(token);
  if (!match?.[1] || !match[2]) return { ok: false, reason: 'invalid' };
  const [, payload, mac] = match;
  if (!timingSafeEqual(await signature(secret, domain, payload), mac)) return { ok: false, reason: 'invalid' };
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(fromBase64Url(payload)));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'invalid' };
  const fields = body as Record<string, unknown>;
  const expiresAt = fields.x;
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt)) return { ok: false, reason: 'invalid' };
  const claims = readClaims(fields, expiresAt);
  if (claims === null) return { ok: false, reason: 'invalid' };
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
