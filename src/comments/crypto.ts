// Keyed hashes and tokens on WebCrypto, so the same code runs on Node and on Workers.

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5), three bytes to four characters at a time: every POST makes a token. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64URL.charAt(n >>> 18) + BASE64URL.charAt((n >>> 12) & 63) + BASE64URL.charAt((n >>> 6) & 63) + BASE64URL.charAt(n & 63);
  }
  const left = bytes.length - i;
  if (left > 0) {
    const n = ((bytes[i] ?? 0) << 16) | (left === 2 ? (bytes[i + 1] ?? 0) << 8 : 0);
    out += BASE64URL.charAt(n >>> 18) + BASE64URL.charAt((n >>> 12) & 63);
    if (left === 2) out += BASE64URL.charAt((n >>> 6) & 63);
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacHex(secret: string, message: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message));
  return toHex(signature);
}

export async function sha256Hex(message: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(message)));
}

// Random bytes are drawn 4 KiB at a time: each draw is a system call, and a token needs only 32 bytes.
const randomPool = new Uint8Array(4096);
let randomUsed = randomPool.length;

/** A random opaque token (256 bits, base64url). */
export function randomToken(): string {
  if (randomUsed + 32 > randomPool.length) {
    crypto.getRandomValues(randomPool);
    randomUsed = 0;
  }
  const bytes = randomPool.slice(randomUsed, randomUsed + 32);
  // Every byte is handed out once.
  randomPool.fill(0, randomUsed, randomUsed + 32);
  randomUsed += 32;
  return toBase64Url(bytes);
}

/** Compares two strings in time that depends only on their length. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * How keyed hashes and digests are computed. WebCrypto (the default) runs everywhere but answers
 * through a job queue; the Node entry passes node:crypto's, which answers at once and costs far less
 * per comment. Both give the same hex strings.
 */
export interface Hashing {
  hmacHex(secret: string, message: string): string | Promise<string>;
  sha256Hex(message: string): string | Promise<string>;
}

export const webCryptoHashing: Hashing = { hmacHex, sha256Hex };

/**
 * Recent commenters' avatar hashes: people who comment post again, and a keyed hash is a few
 * microseconds of every POST. Bounded; emptied when full (no eviction bookkeeping).
 */
const RECENT_AVATARS = 4096;
/** Per secret (a server has one; tests have several), then per identity: no long key string built per POST. */
const recentAvatars = new Map<string, Map<string, string>>();

/** The avatar name of an author: a keyed hash of the lowercased email, never a plain MD5/SHA of it. */
export async function avatarHash(secret: string, email: string, name: string, hashing: Hashing = webCryptoHashing): Promise<string> {
  const identity = email ? `email:${email.trim().toLowerCase()}` : `name:${name}`;
  let recent = recentAvatars.get(secret);
  const known = recent?.get(identity);
  if (known !== undefined) return known;
  const avatar = (await hashing.hmacHex(secret, `avatar\u0000${identity}`)).slice(0, 32);
  if (!recent || recent.size >= RECENT_AVATARS) {
    if (recentAvatars.size >= 16) recentAvatars.clear();
    recent = new Map();
    recentAvatars.set(secret, recent);
  }
  recent.set(identity, avatar);
  return avatar;
}
