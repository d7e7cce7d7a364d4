// /admin/notifications: the signed-in moderator's mail preferences as plain HTML forms (CSRF-checked).
import { scopeOf } from '../moderation/roles.js';
import { Hono, type Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { mailPrefsInputSchema, saveNotifications } from '../mail/preferences.js';
import { NotificationsPage } from '../admin-ui/pages/notifications.js';
import { requireFormCsrf } from '../admin-ui/session.js';
import type { AdminUi } from './admin-ui.js';

export function adminNotificationRoutes(ui: AdminUi) {
  const { deps } = ui;
  const app = new Hono<AppEnv>();

  const moderatorOf = (c: Context<AppEnv>) => {
    const { moderator } = c.var.auth;
    if (!moderator) throw new AppError('forbidden', 'Notifications belong to a signed-in moderator.');
    return moderator;
  };

  const page = async (c: Context<AppEnv>, saved: string | null, error: NotificationsPageError, status: 200 | 422 = 200) => {
    const store = deps.moderation(c).store;
    const scope = scopeOf(c.var.auth.access);
    const sites = (await store.mailPrefsOf(moderatorOf(c).id)).filter((s) => !scope || scope.includes(s.siteId));
    return c.html(<NotificationsPage chrome={await ui.chrome(c)} sites={sites} mailOn={deps.mailer !== null} saved={saved} error={error} />, status);
  };

  app.get('/admin/notifications', async (c) => {
    const saved = c.req.query('saved');
    return page(c, saved && /^[\w-]{1,64}$/.test(saved) ? saved : null, null);
  });

  app.post('/admin/notifications', async (c) => {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
      throw new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
    }
    const body = await c.req.parseBody();
    requireFormCsrf(c, body);
    const site = typeof body.site === 'string' ? body.site : '';
    const parsed = mailPrefsInputSchema.safeParse({
      site,
      onNew: body.onNew === '1',
      onHeld: body.onHeld === '1',
      digestMinutes: typeof body.digestMinutes === 'string' && /^\d{1,6}$/.test(body.digestMinutes) ? Number(body.digestMinutes) : -1,
    });
    if (!parsed.success) {
      return page(c, null, { site, message: parsed.error.issues[0]?.message ?? 'These choices cannot be saved.' }, 422);
    }
    await saveNotifications(deps.moderation(c).store, moderatorOf(c).id, parsed.data, deps.service.now(), scopeOf(c.var.auth.access));
    return c.redirect(`/admin/notifications?saved=${encodeURIComponent(parsed.data.site)}`, 303);
  });

  return app;
}

type NotificationsPageError = { site: string; message: string } | null;
