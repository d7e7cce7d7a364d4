// The moderator's session on the /admin pages: who is signed in (or a redirect to sign in), the
// CSRF check of every form post, the session cookie, and the headers every admin response carries.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { timingSafeEqual } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import { requireSameOrigin } from '../http/admin-auth.js';
import type { AppEnv } from '../http/env.js';
import { authenticate, SESSION_COOKIE, SESSION_MS, type AuthDeps } from '../moderation/auth.js';

/**
 * Scripts, styles, fetches and images from this origin only; no inline code; no framing. Trusted
 * Types make any accidental `innerHTML = string` in the admin script an error instead of an XSS.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types parley-admin',
].join('; ');

/** Every /admin response: never cached, never framed, under the admin CSP, HTML errors. */
export const adminHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('errorPage', { backUrl: null });
  await next();
  c.res.headers.set('Content-Security-Policy', ADMIN_CSP);
  c.res.headers.set('Cache-Control', 'no-store');
  c.res.headers.set('X-Frame-Options', 'DENY');
  c.res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
};

/** Only a path inside /admin is a place to go back to after signing in, so `next` is never an open redirect. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return '/admin';
  // Resolved the way the browser will resolve it, so `/admin/../x` cannot leave /admin either.
  const base = 'http://parley.invalid';
  const url = new URL(next, base);
  if (url.origin !== base || !/^\/admin(?:\/|$)/.test(url.pathname)) return '/admin';
  return url.pathname + url.search + url.hash;
}

function signInUrl(c: Context, expired: boolean): string {
  const url = new URL(c.req.url);
  const params = new URLSearchParams({ next: url.pathname + url.search });
  if (expired) params.set('expired', '1');
  return `/admin/sign-in?${params}`;
}

/** A signed-in moderator (session cookie) or a redirect to the sign-in page that comes back here. */
export function requireModeratorPage(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const auth = token ? await authenticate(deps, { bearer: null, sessionToken: token }) : null;
    if (!auth?.moderator || auth.csrfToken === null) return c.redirect(signInUrl(c, token !== undefined), 303);
    c.set('auth', auth);
    await next();
  };
}

/** The CSRF token of the signed-in session (pages put it in forms and in a meta tag for the script). */
export function csrfTokenOf(c: Context<AppEnv>): string {
  return c.var.auth.csrfToken ?? '';
}

/** A form post must come from this origin and carry the session's CSRF token. */
export function requireFormCsrf(c: Context<AppEnv>, body: Record<string, unknown>): void {
  requireSameOrigin(c.req.header('Origin'), c.req.header('Sec-Fetch-Site'), new URL(c.req.url).origin);
  const sent = typeof body.csrf === 'string' ? body.csrf : '';
  const expected = c.var.auth.csrfToken;
  if (!expected || !timingSafeEqual(sent, expected)) {
    throw new AppError('forbidden', 'This form has expired or did not come from Parley. Go back, reload the page and try again.');
  }
}

const cookieOptions = (c: Context) => ({
  httpOnly: true,
  sameSite: 'Strict' as const,
  secure: new URL(c.req.url).protocol === 'https:',
  path: '/',
});

export function setSessionCookie(c: Context, sessionToken: string): void {
  setCookie(c, SESSION_COOKIE, sessionToken, { ...cookieOptions(c), maxAge: SESSION_MS / 1000 });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}
