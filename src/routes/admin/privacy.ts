// Moderators' privacy tools by email address (look up, export, erase) and running retention now.
import { Hono } from 'hono';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { exportFileName } from '../../privacy/export.js';
import { adminEraseSchema, privacyLookupSchema } from '../../privacy/input.js';
import { runRetention } from '../../privacy/retention.js';
import { erase, exportData, lookUp, type PrivacyDeps } from '../../privacy/service.js';

export function adminPrivacyRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const privacy = (c: Parameters<RouteDeps['moderation']>[0]): PrivacyDeps => {
    const moderation = deps.moderation(c);
    return { store: moderation.store, secret: moderation.secret, now: moderation.now, hashing: deps.service.hashing, onEvents: moderation.onEvents };
  };

  app.get('/api/admin/privacy', validate('query', privacyLookupSchema), async (c) => {
    const { site, email } = c.req.valid('query');
    return c.json(await lookUp(privacy(c), site, email));
  });

  app.get('/api/admin/privacy/export', validate('query', privacyLookupSchema), async (c) => {
    const { site, email } = c.req.valid('query');
    const data = await exportData(privacy(c), site, email, c.var.auth.actor);
    c.header('Content-Disposition', `attachment; filename="${exportFileName(site, deps.service.now())}"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });

  app.post('/api/admin/privacy/erase', requireBody('json'), validate('json', adminEraseSchema), async (c) => {
    const { site, email, mode } = c.req.valid('json');
    return c.json({ erased: await erase(privacy(c), site, email, mode, c.var.auth.actor) });
  });

  app.post('/api/admin/retention/run', async (c) => {
    const { store, now } = deps.moderation(c);
    return c.json(await runRetention({ store, now }));
  });

  return app;
}
