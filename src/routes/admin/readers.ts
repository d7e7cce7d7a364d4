// Moderators' side of readers' reports and featured comments. Mounted before the generic `/:id/:action` route.
import { Hono } from 'hono';
import { commentIdSchema } from '../../comments/input.js';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { validate } from '../../http/validate.js';
import { dismissReports, setFeatured } from '../../moderation/reader-actions.js';

export function adminReaderRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.post('/api/admin/comments/:id/reports/dismiss', validate('param', commentIdSchema), async (c) =>
    c.json({ comment: await dismissReports(deps.moderation(c), c.req.valid('param').id, c.var.auth.actor) }),
  );

  app.post('/api/admin/comments/:id/feature', validate('param', commentIdSchema), async (c) =>
    c.json({ comment: await setFeatured(deps.moderation(c), c.req.valid('param').id, true, c.var.auth.actor) }),
  );

  app.post('/api/admin/comments/:id/unfeature', validate('param', commentIdSchema), async (c) =>
    c.json({ comment: await setFeatured(deps.moderation(c), c.req.valid('param').id, false, c.var.auth.actor) }),
  );

  return app;
}
