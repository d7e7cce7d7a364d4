// POST /api/admin/sites/{site}/import: one batch of already-parsed comments (the CLI's --to, the Import page).
import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { importBatch, parseImportBatch } from '../../imports/importer.js';
import { siteParamSchema } from '../../moderation/input.js';

export function adminImportRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.post('/api/admin/sites/:site/import', validate('param', siteParamSchema), requireBody('json'), async (c) => {
    const body: unknown = await c.req.json();
    const batch = parseImportBatch(body);
    const { store, secret, now } = deps.moderation(c);
    const site = await store.getSite(c.req.valid('param').site);
    if (!site) throw new AppError('not_found', 'There is no such site.');
    const { actor } = c.var.auth;
    const report = await importBatch({ store, secret, now, hashing: deps.service.hashing }, site, batch, actor);
    return c.json(report);
  });

  return app;
}
