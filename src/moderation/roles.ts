// Who may do what: the two roles, and the one table that says which role every moderation route
// needs. A central middleware (http/roles.ts) enforces the table, and a test walks every route the
// app registers against it, so a route missing from the table fails the tests (and is refused).

export const roles = ['admin', 'moderator'] as const;
export type Role = (typeof roles)[number];

/** What a signed-in moderator or an API token may touch. */
export interface Access {
  role: Role;
  /** The ids of the sites a `moderator` moderates (ignored for an admin). */
  siteIds: readonly number[];
}

/**
 * What a route needs:
 * - `public`: nothing (signing in).
 * - `signed-in`: any moderator or token; the route touches only the caller's own things.
 * - `person`: a signed-in moderator, not an API token (its own mail preferences).
 * - `scoped`: any moderator or token; the route lists or acts on comments/sites and shows a
 *   moderator only its own sites (the handler passes `scopeOf(access)` down).
 * - `site`: the site named by the route's `:site` parameter must be one of the caller's.
 * - `comment`: the comment named by the route's `:id` parameter must be on one of the caller's sites.
 * - `admin`: admins only (sites, settings, moderators, tokens, import/export, privacy, mail).
 */
export type Need = 'public' | 'signed-in' | 'person' | 'scoped' | 'site' | 'comment' | 'admin';

/**
 * Every moderation route (`METHOD pattern`, as registered) and what it needs. A route that is not
 * here is refused to everyone (403) and fails the route walk test. Wiring a new route is one line here.
 */
export const ROUTE_NEEDS: Readonly<Record<string, Need>> = {
  // Signing in and out.
  'POST /api/admin/session': 'public',
  'GET /api/admin/session': 'signed-in',
  'DELETE /api/admin/session': 'signed-in',
  // The queue and actions on comments.
  'GET /api/admin/comments': 'scoped',
  'POST /api/admin/comments/bulk': 'scoped',
  // Bans and "approve all from this author" name their site in the query or body: the handler checks it.
  'GET /api/admin/bans': 'scoped',
  'POST /api/admin/bans': 'scoped',
  'PATCH /api/admin/bans/:id': 'scoped',
  'DELETE /api/admin/bans/:id': 'scoped',
  'POST /api/admin/authors/approve': 'scoped',
  'GET /admin/bans': 'scoped',
  'POST /admin/bans': 'scoped',
  'POST /admin/bans/:id/:change{edit|lift}': 'scoped',
  'GET /admin/authors/approve': 'scoped',
  'POST /admin/authors/approve': 'scoped',
  'GET /api/admin/comments/:id': 'comment',
  'PATCH /api/admin/comments/:id': 'comment',
  'DELETE /api/admin/comments/:id': 'comment',
  'POST /api/admin/comments/:id/reply': 'comment',
  'POST /api/admin/comments/:id/:action': 'comment',
  'POST /api/admin/comments/:id/reports/dismiss': 'comment',
  'POST /api/admin/comments/:id/feature': 'comment',
  'POST /api/admin/comments/:id/unfeature': 'comment',
  'GET /api/admin/stats': 'scoped',
  'GET /api/admin/sites': 'scoped',
  'GET /api/admin/me/notifications': 'person',
  'PUT /api/admin/me/notifications': 'person',
  // Admins only.
  'GET /api/admin/sites/:site': 'admin',
  'PUT /api/admin/sites/:site': 'admin',
  'POST /api/admin/sites/:site/akismet/verify': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /api/admin/sites/:site/export': 'admin',
  'POST /api/admin/sites/:site/import': 'admin',
  'GET /api/admin/privacy': 'admin',
  'GET /api/admin/privacy/export': 'admin',
  'POST /api/admin/privacy/erase': 'admin',
  'POST /api/admin/retention/run': 'admin',
  'GET /api/admin/mail/failed': 'admin',
  'GET /api/admin/moderators': 'admin',
  'POST /api/admin/moderators': 'admin',
  'PATCH /api/admin/moderators/:id': 'admin',
  'DELETE /api/admin/moderators/:id': 'admin',
  'GET /api/admin/tokens': 'admin',
  'POST /api/admin/tokens': 'admin',
  'PATCH /api/admin/tokens/:id': 'admin',
  'DELETE /api/admin/tokens/:id': 'admin',

  // The moderator UI (/admin): pages and their form posts.
  'GET /admin/sign-in': 'public',
  'POST /admin/sign-in': 'public',
  'POST /admin/sign-out': 'signed-in',
  'GET /admin': 'scoped',
  'GET /admin/comments': 'scoped',
  'GET /admin/comments/:id': 'comment',
  'GET /admin/comments/:id/row': 'comment',
  'GET /admin/notifications': 'person',
  'POST /admin/notifications': 'person',
  'GET /admin/import': 'admin',
  'GET /admin/audit': 'admin',
  'GET /admin/sites': 'admin',
  'POST /admin/sites': 'admin',
  'GET /admin/sites/:site': 'admin',
  'POST /admin/sites/:site': 'admin',
  'GET /admin/privacy': 'admin',
  'GET /admin/privacy/export': 'admin',
  'POST /admin/privacy/erase': 'admin',
  'GET /admin/moderators': 'admin',
  'POST /admin/moderators': 'admin',
  'POST /admin/moderators/:id': 'admin',
  'POST /admin/moderators/:id/remove': 'admin',
  'POST /admin/tokens': 'admin',
  'POST /admin/tokens/:id/revoke': 'admin',
};

export const routeKey = (method: string, pattern: string) => `${method} ${pattern}`;

export function needOf(method: string, pattern: string): Need | undefined {
  return ROUTE_NEEDS[routeKey(method, pattern)];
}

/** What one may do: `admin` things, or `moderate` a given site (a site id, or null for "some site of one's own"). */
export type Capability = 'admin' | 'moderate';

/** The one rule: admins may do everything; a moderator only moderates its own sites. */
export function can(access: Access, capability: Capability, siteId?: number | null): boolean {
  if (access.role === 'admin') return true;
  if (capability === 'admin') return false;
  if (siteId === undefined || siteId === null) return true;
  return access.siteIds.includes(siteId);
}

/** The site ids a list must be limited to: undefined means all (an admin). */
export function scopeOf(access: Access): readonly number[] | undefined {
  return access.role === 'admin' ? undefined : access.siteIds;
}

/**
 * Whether a need is met by an access for a site (site-bound needs pass the route's site id);
 * `person` says whether the caller is a signed-in moderator rather than a token.
 */
export function allows(need: Need, access: Access | null, siteId?: number | null, person = true): boolean {
  if (need === 'public') return true;
  if (!access) return false;
  if (need === 'person') return person;
  if (need === 'admin') return can(access, 'admin');
  if (need === 'site' || need === 'comment') return siteId !== undefined && siteId !== null && can(access, 'moderate', siteId);
  return true;
}

/**
 * A token's power: its own, never more than its creator's now (null: made on the command line,
 * by whoever holds the database).
 */
export function tokenAccess(token: Access, creator: Access | null): Access {
  if (!creator || creator.role === 'admin') return token;
  const siteIds = token.role === 'admin' ? creator.siteIds : token.siteIds.filter((id) => creator.siteIds.includes(id));
  return { role: 'moderator', siteIds };
}

/** Parses a stored `sites` column (a JSON array of ids); anything else is no sites. */
export function siteIdsFromJson(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}

export function accessOf(row: { role: string; sites: string }): Access {
  // Anything but a stored `admin` is a moderator: an unknown role fails closed.
  return row.role === 'admin' ? { role: 'admin', siteIds: [] } : { role: 'moderator', siteIds: siteIdsFromJson(row.sites) };
}
