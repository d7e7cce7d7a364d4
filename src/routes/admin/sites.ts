// Site settings, statistics and the audit log.
import { Hono } from 'hono';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { auditQuerySchema, siteParamSchema, siteSettingsInputSchema } from '../../moderation/input.js';
import { getSiteSettings, listAudit, putSiteSettings, siteView, stats } from '../../moderation/service.js';

export function adminSiteRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/admin/stats', async (c) => c.json(await stats(deps.moderation(c))));

  app.get('/api/admin/sites', async (c) => c.json({ sites: (await deps.moderation(c).store.listSites()).map(siteView) }));

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
