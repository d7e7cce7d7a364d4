// Authentication for /api/admin/*: a bearer API token, or the session cookie plus, for anything
// that changes state, the CSRF token and a same-origin request.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import { authenticate, SESSION_COOKIE, type AuthDeps } from '../moderation/auth.js';
import type { AppEnv } from './env.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a browser request that says it comes from another site. */
export function requireSameOrigin(origin: string | undefined, fetchSite: string | undefined, ownOrigin: string): void {
  if (origin !== undefined && origin !== ownOrigin) throw new AppError('forbidden', 'This request came from another site.');
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new AppError('forbidden', 'This request came from another site.');
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S{1,512})$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export function requireModerator(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const auth = await authenticate(deps, {
      bearer: bearerToken(c.req.header('Authorization')),
      sessionToken: getCookie(c, SESSION_COOKIE) ?? null,
    });
    if (!auth) throw new AppError('unauthorized', 'Sign in as a moderator.');
    if (auth.csrfToken !== null && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('X-CSRF-Token') ?? '';
      if (!timingSafeEqual(sent, auth.csrfToken)) throw new AppError('forbidden', 'The CSRF token is missing or wrong.');
      requireSameOrigin(c.req.header('Origin'), c.req.header('Sec-Fetch-Site'), new URL(c.req.url).origin);
    }
    c.set('auth', auth);
    await next();
  };
}
