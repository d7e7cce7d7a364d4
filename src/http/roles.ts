// Enforces the roles table (moderation/roles.ts) on every moderation route: the middleware finds the
// route that will answer, looks up what it needs, and refuses with 403 `forbidden` (the JSON error,
// or the moderator UI's error page) before the route runs. A route missing from the table is refused.
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../errors.js';
import type { Authenticated } from '../moderation/auth.js';
import { allows, can, needOf, type Access } from '../moderation/roles.js';
import type { Store } from '../store/types.js';
import type { AppEnv } from './env.js';

type SiteLookup = Pick<Store, 'getAdminComment' | 'getSite'>;

/** The route that answers this request: the first matched handler (middleware are registered for ALL). */
function answeringRoute(c: Context<AppEnv>): { method: string; path: string } | null {
  return matchedRoutes(c).find((route) => route.method !== 'ALL') ?? null;
}

/** A parameter of `pattern` (`/a/:id/b`) in the request's path. */
export function paramOf(pattern: string, path: string, name: string): string | undefined {
  const parts = pattern.split('/');
  const index = parts.indexOf(`:${name}`);
  if (index < 0) return undefined;
  const value = path.split('/')[index];
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const refuse = () => new AppError('forbidden', 'Your role does not allow this.');

/** The signed-in caller's access (set by the authentication middleware). */
export function accessOfRequest(c: Context<AppEnv>): Access {
  const auth = c.get('auth') as Authenticated | undefined;
  if (!auth) throw new AppError('unauthorized', 'Sign in as a moderator.');
  return auth.access;
}

/**
 * For `scoped` handlers that name their site by slug (in the query or the body): refuses a site the
 * caller does not moderate, and, to a moderator, one that does not exist (its name says nothing).
 */
export async function requireSiteSlugAccess(c: Context<AppEnv>, store: Pick<Store, 'getSite'>, slug: string): Promise<void> {
  const access = accessOfRequest(c);
  if (can(access, 'admin')) return;
  const site = await store.getSite(slug);
  if (!site || !can(access, 'moderate', site.id)) throw refuse();
}

/** The middleware: mount it after authentication on /api/admin/* and /admin/*. */
export function enforceRoles(store: SiteLookup): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const route = answeringRoute(c);
    // Nothing answers: the 404 follows.
    if (!route) return next();
    const need = needOf(route.method, route.path);
    if (need === undefined) throw new AppError('forbidden', 'This route has no role yet.');
    if (need === 'public') return next();
    const access = accessOfRequest(c);
    const person = (c.get('auth') as Authenticated).moderator !== null;
    let siteId: number | null | undefined;
    if (need === 'comment') {
      const id = paramOf(route.path, c.req.path, 'id') ?? '';
      // A malformed id is the route's to refuse (422), a missing comment its 404.
      if (!/^[1-9]\d{0,15}$/.test(id)) return next();
      const row = await store.getAdminComment(Number(id));
      if (!row) return next();
      siteId = row.article.siteId;
    } else if (need === 'site') {
      const site = await store.getSite(paramOf(route.path, c.req.path, 'site') ?? '');
      if (!site && access.role === 'admin') return next();
      siteId = site?.id ?? null;
    }
    if (!allows(need, access, siteId, person)) {
      throw need === 'person' ? new AppError('forbidden', 'This belongs to a signed-in moderator, not to an API token.') : refuse();
    }
    return next();
  };
}
