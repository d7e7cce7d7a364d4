// Mail in the moderation API: the signed-in moderator's notification preferences, and mail that failed for good.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { AppContext, AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { scopeOf } from '../../moderation/roles.js';
import { failedMails, mailPrefsInputSchema, notificationsOf, saveNotifications } from '../../mail/preferences.js';

export const failedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'Limit is a number from 1 to 200.').max(200, 'Limit is a number from 1 to 200.').default(50),
});

/** Preferences belong to a moderator; an API token has none. */
function moderatorId(c: AppContext): number {
  const { moderator } = c.var.auth;
  if (!moderator) throw new AppError('forbidden', 'Notification preferences belong to a signed-in moderator, not to an API token.');
  return moderator.id;
}

export function adminMailRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const { now } = deps.service;

  app.get('/api/admin/me/notifications', async (c) => c.json({ mail: deps.mailer !== null, ...(await notificationsOf(deps.moderation(c).store, moderatorId(c), scopeOf(c.var.auth.access))) }));

  app.put('/api/admin/me/notifications', requireBody('json'), validate('json', mailPrefsInputSchema), async (c) =>
    c.json(await saveNotifications(deps.moderation(c).store, moderatorId(c), c.req.valid('json'), now(), scopeOf(c.var.auth.access))),
  );

  app.get('/api/admin/mail/failed', validate('query', failedQuerySchema), async (c) =>
    c.json({ mails: await failedMails(deps.moderation(c).store, c.req.valid('query').limit) }),
  );

  return app;
}
