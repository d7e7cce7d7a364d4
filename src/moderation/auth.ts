// Signing moderators in and recognising them again: password sessions with a CSRF token, API
// tokens, and sign-in throttling kept in the database (so it holds across processes and isolates).
import { hmacHex, randomToken, sha256Hex } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import type { Actor, AuthStore, ModeratorRow } from '../store/types.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { accessOf, type Access } from './roles.js';

export const SESSION_COOKIE = 'parley_session';
export const SESSION_MS = 12 * 60 * 60 * 1000;
/** Failed sign-ins are counted over this window… */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** …slowed down from this many on… */
export const LOGIN_SLOW_AFTER = 3;
/** …and refused with 429 from this many on. */
export const LOGIN_MAX_FAILURES = 10;

export interface AuthDeps {
  store: AuthStore;
  secret: string;
  now: () => number;
  /** Waits before answering a suspicious sign-in; injected so tests need not wait. */
  sleep: (ms: number) => Promise<void>;
}

export function moderatorActor(moderator: ModeratorRow): Actor {
  return { type: 'moderator', id: moderator.id, name: moderator.name, email: moderator.email };
}

export function publicModerator(moderator: ModeratorRow) {
  return { id: moderator.id, email: moderator.email, name: moderator.name };
}

/** Throttle keys: the account, and a keyed hash of the client's IP (the raw IP is never stored). */
async function throttleKeys(deps: AuthDeps, email: string, ip: string | null): Promise<string[]> {
  const keys = [`account:${await sha256Hex(email.trim().toLowerCase())}`];
  if (ip) keys.push(`ip:${(await hmacHex(deps.secret, `login-ip\u0000${ip}`)).slice(0, 32)}`);
  return keys;
}

export interface SignedIn {
  moderator: ModeratorRow;
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
}

export async function signIn(deps: AuthDeps, email: string, password: string, ip: string | null): Promise<SignedIn> {
  const now = deps.now();
  const keys = await throttleKeys(deps, email, ip);
  const since = now - LOGIN_WINDOW_MS;
  const failures = await deps.store.loginFailures(keys, since);
  if (failures >= LOGIN_MAX_FAILURES) {
    throw new AppError('rate_limited', 'Too many failed sign-ins. Try again later.', { retryAfter: LOGIN_WINDOW_MS / 1000 });
  }
  if (failures >= LOGIN_SLOW_AFTER) await deps.sleep(Math.min((failures - LOGIN_SLOW_AFTER + 1) * 250, 2000));

  const moderator = await deps.store.findModeratorByEmail(email.trim());
  // Spend the same time whether or not the account exists, so timing does not tell.
  const valid = await verifyPassword(password, moderator?.passwordHash ?? DUMMY_HASH);
  if (!moderator || !valid) {
    await deps.store.recordLoginFailure(keys, now, since);
    throw new AppError('unauthorized', 'The email or password is not right.');
  }
  await deps.store.clearLoginFailures(keys);

  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_MS;
  await deps.store.createSession({ id: await sha256Hex(sessionToken), moderatorId: moderator.id, csrfToken, createdAt: now, expiresAt });
  return { moderator, sessionToken, csrfToken, expiresAt };
}

export async function signOut(deps: AuthDeps, sessionToken: string): Promise<void> {
  await deps.store.deleteSession(await sha256Hex(sessionToken));
}

export interface Authenticated {
  actor: Actor;
  /** The session's CSRF token; null for bearer tokens, which need none. */
  csrfToken: string | null;
  moderator: ModeratorRow | null;
  /** What the moderator or token may do, read on every request (a change applies at once). */
  access: Access;
  /** Whose power this is: the signed-in moderator, or the admin who made the token (null: a command-line token). */
  ownerId: number | null;
}

export async function authenticate(
  deps: AuthDeps,
  credentials: { bearer: string | null; sessionToken: string | null },
): Promise<Authenticated | null> {
  if (credentials.bearer) {
    const token = await deps.store.findApiToken(await sha256Hex(credentials.bearer), deps.now());
    return token ? { actor: { type: 'token', id: token.id, name: token.name, email: '' }, csrfToken: null, moderator: null, access: token.access, ownerId: token.createdBy } : null;
  }
  if (credentials.sessionToken) {
    const session = await deps.store.findSession(await sha256Hex(credentials.sessionToken), deps.now());
    if (session) {
      return { actor: moderatorActor(session.moderator), csrfToken: session.csrfToken, moderator: session.moderator, access: accessOf(session.moderator), ownerId: session.moderator.id };
    }
  }
  return null;
}

/** A new API token: the secret shown once, and the hash that is stored. */
export async function newApiToken(): Promise<{ token: string; hash: string }> {
  const token = `pt_${randomToken()}`;
  return { token, hash: await sha256Hex(token) };
}
