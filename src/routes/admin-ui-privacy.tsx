// The moderator UI's Privacy page: look up an address, download its export, erase (a CSRF-checked form).
import { Hono, type Context } from 'hono';
import { emailSchema, siteSlugSchema } from '../comments/input.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { eraseModes } from '../privacy/input.js';
import { exportFileName } from '../privacy/export.js';
import { erase, exportData, lookUp, type PrivacyDeps } from '../privacy/service.js';
import { PrivacyPage } from '../admin-ui/pages/privacy.js';
import { requireFormCsrf } from '../admin-ui/session.js';
import type { AdminUi } from './admin-ui.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function adminPrivacyPageRoutes(ui: AdminUi) {
  const { deps } = ui;
  const app = new Hono<AppEnv>();
  const privacy = (c: Context<AppEnv>): PrivacyDeps => {
    const moderation = deps.moderation(c);
    return { store: moderation.store, secret: moderation.secret, now: moderation.now, hashing: deps.service.hashing, onEvents: moderation.onEvents };
  };
  const siteSlugs = async (c: Context<AppEnv>) => (await deps.moderation(c).store.listSites()).map((s) => s.slug);

  app.get('/admin/privacy', async (c) => {
    const sites = await siteSlugs(c);
    const site = sites.includes(c.req.query('site') ?? '') ? (c.req.query('site') ?? '') : (sites[0] ?? '');
    const rawEmail = (c.req.query('email') ?? '').slice(0, 254);
    const erased = c.req.query('erased');
    const done = erased && /^\d{1,9}$/.test(erased) ? `Comments erased: ${erased}.` : undefined;
    const props = { chrome: await ui.chrome(c), sites, site, email: rawEmail, done };
    if (rawEmail === '' || site === '') return c.html(<PrivacyPage {...props} />);
    const email = emailSchema.safeParse(rawEmail);
    if (!email.success) return c.html(<PrivacyPage {...props} error="Enter a valid email address." />, 422);
    const { comments } = await lookUp(privacy(c), site, email.data);
    return c.html(<PrivacyPage {...props} comments={comments} />);
  });

  app.get('/admin/privacy/export', async (c) => {
    const site = siteSlugSchema.safeParse(c.req.query('site'));
    const email = emailSchema.safeParse(c.req.query('email'));
    if (!site.success || !email.success) throw new AppError('bad_request', 'Name a site and an email address.');
    const data = await exportData(privacy(c), site.data, email.data, c.var.auth.actor);
    c.header('Content-Disposition', `attachment; filename="${exportFileName(site.data, deps.service.now())}"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });

  app.post('/admin/privacy/erase', async (c) => {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
      throw new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
    }
    const body = await c.req.parseBody();
    requireFormCsrf(c, body);
    const site = siteSlugSchema.safeParse(text(body.site));
    const email = emailSchema.safeParse(text(body.email));
    const mode = eraseModes.find((m) => m === text(body.mode));
    if (!site.success || !email.success || !mode) throw new AppError('validation_failed', 'Choose a site, an address and how to erase.');
    const result = await erase(privacy(c), site.data, email.data, mode, c.var.auth.actor);
    return c.redirect(`/admin/privacy?site=${encodeURIComponent(site.data)}&erased=${result.anonymised}`, 303);
  });

  return app;
}
