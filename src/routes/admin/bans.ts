// Bans and the author actions. Every route names its site (body or query), so a per-site role
// check reads it from the request before anything runs.
import { Hono } from 'hono';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireSiteSlugAccess } from '../../http/roles.js';
import { requireBody, validate } from '../../http/validate.js';
import { approveAuthor } from '../../moderation/author-history.js';
import { approveAuthorSchema, banEditSchema, banIdParamSchema, banListQuerySchema, banSiteQuerySchema, newBanSchema } from '../../moderation/bans-input.js';
import { createBan, editBan, liftBan, listBans } from '../../moderation/bans.js';

export function adminBanRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/admin/bans', validate('query', banListQuerySchema), async (c) => {
    const { site, limit } = c.req.valid('query');
    await requireSiteSlugAccess(c, deps.moderation(c).store, site);
    return c.json({ bans: await listBans(deps.moderation(c), site, limit) });
  });

  app.post('/api/admin/bans', requireBody('json'), validate('json', newBanSchema), async (c) => {
    await requireSiteSlugAccess(c, deps.moderation(c).store, c.req.valid('json').site);
    return c.json({ ban: await createBan(deps.moderation(c), c.req.valid('json'), c.var.auth.actor) }, 201);
  });

  app.patch('/api/admin/bans/:id', validate('param', banIdParamSchema), validate('query', banSiteQuerySchema), requireBody('json'), validate('json', banEditSchema), async (c) => {
    await requireSiteSlugAccess(c, deps.moderation(c).store, c.req.valid('query').site);
    return c.json({ ban: await editBan(deps.moderation(c), c.req.valid('query').site, c.req.valid('param').id, c.req.valid('json'), c.var.auth.actor) });
  });

  app.delete('/api/admin/bans/:id', validate('param', banIdParamSchema), validate('query', banSiteQuerySchema), async (c) => {
    await requireSiteSlugAccess(c, deps.moderation(c).store, c.req.valid('query').site);
    await liftBan(deps.moderation(c), c.req.valid('query').site, c.req.valid('param').id, c.var.auth.actor);
    return c.body(null, 204);
  });

  app.post('/api/admin/authors/approve', requireBody('json'), validate('json', approveAuthorSchema), async (c) => {
    const { site, author } = c.req.valid('json');
    await requireSiteSlugAccess(c, deps.moderation(c).store, site);
    return c.json(await approveAuthor(deps.moderation(c), site, author, c.var.auth.actor));
  });

  return app;
}
