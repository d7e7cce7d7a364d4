// POST /api/admin/session signs a moderator in (cookie + CSRF token); DELETE signs out.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requireModerator, requireSameOrigin } from '../../http/admin-auth.js';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { publicModerator, SESSION_COOKIE, SESSION_MS, signIn, signOut } from '../../moderation/auth.js';
import { signInSchema } from '../../moderation/input.js';

export function sessionRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.post('/api/admin/session', requireBody('json'), validate('json', signInSchema), async (c) => {
    c.header('Cache-Control', 'no-store');
    // Signing in from another site's page (login CSRF) is refused like any cross-site write.
    requireSameOrigin(c.req.header('Origin'), c.req.header('Sec-Fetch-Site'), new URL(c.req.url).origin);
    const { email, password } = c.req.valid('json');
    const session = await signIn(deps.auth, email, password, deps.clientIp(c));
    setCookie(c, SESSION_COOKIE, session.sessionToken, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/',
      maxAge: SESSION_MS / 1000,
    });
    return c.json({
      moderator: publicModerator(session.moderator),
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
    });
  });

  app.get('/api/admin/session', requireModerator(deps.auth), async (c) => {
    const { auth } = c.var;
    const sites = auth.access.role === 'admin' ? [] : (await deps.moderation(c).store.listSites()).filter((s) => auth.access.siteIds.includes(s.id));
    return c.json({
      moderator: auth.moderator ? publicModerator(auth.moderator) : null,
      actor: { type: auth.actor.type, name: auth.actor.name },
      csrfToken: auth.csrfToken,
      // What the caller may do: `admin`, or `moderator` of these sites.
      access: { role: auth.access.role, sites: sites.map((s) => s.slug) },
    });
  });

  app.delete('/api/admin/session', requireModerator(deps.auth), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await signOut(deps.auth, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: new URL(c.req.url).protocol === 'https:' });
    return c.body(null, 204);
  });

  return app;
}
