// Site settings, statistics and the audit log.
import { Hono } from 'hono';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { auditQuerySchema, siteParamSchema, siteSettingsInputSchema } from '../../moderation/input.js';
import { can, scopeOf } from '../../moderation/roles.js';
import { getSiteSettings, listAudit, putSiteSettings, siteView, stats } from '../../moderation/sites.js';

export function adminSiteRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/admin/stats', async (c) => c.json(await stats(deps.moderation(c), scopeOf(c.var.auth.access))));

  // A moderator sees the sites it moderates, by name only (settings and webhook secrets are admins').
  app.get('/api/admin/sites', async (c) => {
    const { access } = c.var.auth;
    const sites = await deps.moderation(c).store.listSites();
    if (can(access, 'admin')) return c.json({ sites: sites.map(siteView) });
    return c.json({ sites: sites.filter((s) => can(access, 'moderate', s.id)).map((s) => ({ site: s.slug })) });
  });

  app.get('/api/admin/sites/:site', validate('param', siteParamSchema), async (c) =>
    c.json(await getSiteSettings(deps.moderation(c), c.req.valid('param').site)),
  );

  app.put('/api/admin/sites/:site', validate('param', siteParamSchema), requireBody('json'), validate('json', siteSettingsInputSchema), async (c) => {
    const { view, created } = await putSiteSettings(deps.moderation(c), c.req.valid('param').site, c.req.valid('json'), c.var.auth.actor);
    return c.json(view, created ? 201 : 200);
  });

  app.get('/api/admin/audit', validate('query', auditQuerySchema), async (c) => c.json(await listAudit(deps.moderation(c), c.req.valid('query'))));

  return app;
}
