// The /admin pages that are plain HTML forms: signing in and out, adding a site, and a site's
// discussion settings. Each post is checked for its origin and (signed in) the session's CSRF token.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { siteSlugSchema } from '../comments/input.js';
import { defaultSiteSettings } from '../comments/settings.js';
import { AppError } from '../errors.js';
import { requireSameOrigin } from '../http/admin-auth.js';
import type { AppEnv } from '../http/env.js';
import { authenticate, SESSION_COOKIE, signIn, signOut } from '../moderation/auth.js';
import { signInSchema } from '../moderation/input.js';
import { getSiteSettings, putSiteSettings } from '../moderation/sites.js';
import { SettingsPage } from '../admin-ui/pages/settings.js';
import { SignInPage } from '../admin-ui/pages/sign-in.js';
import { SitesPage } from '../admin-ui/pages/sites.js';
import { clearSessionCookie, requireFormCsrf, safeNext, setSessionCookie } from '../admin-ui/session.js';
import { formField, formValuesFrom, parseSettingsForm, settingsToForm } from '../admin-ui/settings-form.js';
import type { AdminUi } from './admin-ui.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

async function formBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
  }
  return c.req.parseBody();
}

export function adminFormRoutes(ui: AdminUi) {
  const { deps, assetVersion } = ui;
  const app = new Hono<AppEnv>();

  app.get('/admin/sign-in', async (c) => {
    const next = safeNext(c.req.query('next'));
    const token = getCookie(c, SESSION_COOKIE);
    if (token && (await authenticate(deps.auth, { bearer: null, sessionToken: token }))?.moderator) return c.redirect(next, 303);
    return c.html(
      <SignInPage next={next} expired={c.req.query('expired') === '1'} signedOut={c.req.query('signed-out') === '1'} assetVersion={assetVersion} />,
    );
  });

  app.post('/admin/sign-in', async (c) => {
    // Signing in from another site's page (login CSRF) is refused like any cross-site write.
    requireSameOrigin(c.req.header('Origin'), c.req.header('Sec-Fetch-Site'), new URL(c.req.url).origin);
    const body = await formBody(c);
    const next = safeNext(text(body.next));
    const email = text(body.email);
    const page = (error: string, status: 401 | 422 | 429) =>
      c.html(<SignInPage next={next} email={email.slice(0, 254)} error={error} assetVersion={assetVersion} />, status);
    const parsed = signInSchema.safeParse({ email, password: text(body.password) });
    if (!parsed.success) return page('Enter your email address and your password.', 422);
    try {
      const session = await signIn(deps.auth, parsed.data.email, parsed.data.password, deps.clientIp(c));
      setSessionCookie(c, session.sessionToken);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'unauthorized' && err.code !== 'rate_limited')) throw err;
      if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
      return page(err.message, err.code === 'unauthorized' ? 401 : 429);
    }
    return c.redirect(next, 303);
  });

  app.post('/admin/sign-out', async (c) => {
    requireFormCsrf(c, await formBody(c));
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await signOut(deps.auth, token);
    clearSessionCookie(c);
    return c.redirect('/admin/sign-in?signed-out=1', 303);
  });

  const listSites = async (c: Context<AppEnv>) =>
    (await deps.moderation(c).store.listSites()).map((site) => ({ slug: site.slug, settings: site.settings }));

  app.get('/admin/sites', async (c) => c.html(<SitesPage chrome={await ui.chrome(c)} sites={await listSites(c)} />));

  app.post('/admin/sites', async (c) => {
    const body = await formBody(c);
    requireFormCsrf(c, body);
    const slug = text(body.slug).trim();
    const parsed = siteSlugSchema.safeParse(slug);
    if (!parsed.success) {
      const error = slug === '' ? 'Enter a name for the site.' : 'A site name is 1 to 64 letters, digits, - and _, starting with a letter or digit.';
      return c.html(<SitesPage chrome={await ui.chrome(c)} sites={await listSites(c)} slug={slug.slice(0, 64)} error={error} />, 422);
    }
    const moderation = deps.moderation(c);
    const href = `/admin/sites/${encodeURIComponent(parsed.data)}`;
    if (await moderation.store.getSite(parsed.data)) return c.redirect(href, 303);
    await putSiteSettings(moderation, parsed.data, defaultSiteSettings, c.var.auth.actor);
    return c.redirect(`${href}?created=1`, 303);
  });

  const siteSlug = (c: Context<AppEnv>) => {
    const parsed = siteSlugSchema.safeParse(c.req.param('site'));
    if (!parsed.success) throw new AppError('not_found', 'There is no such site.');
    return parsed.data;
  };

  app.get('/admin/sites/:site', async (c) => {
    const view = await getSiteSettings(deps.moderation(c), siteSlug(c));
    return c.html(
      <SettingsPage
        chrome={await ui.chrome(c)}
        site={view.site}
        values={settingsToForm(view.settings)}
        errors={{}}
        saved={c.req.query('saved') === '1'}
        created={c.req.query('created') === '1'}
        webhookSecret={view.webhookSecret}
        spam={{ akismetKeySet: view.settings.akismetKey.set, hookSecretSet: view.settings.moderationHook !== null }}
      />,
    );
  });

  app.post('/admin/sites/:site', async (c) => {
    const body = await formBody(c);
    requireFormCsrf(c, body);
    const moderation = deps.moderation(c);
    const current = await getSiteSettings(moderation, siteSlug(c));
    const values = formValuesFrom(body);
    const result = parseSettingsForm(values, current.settings);
    if (!result.ok) {
      return c.html(
        <SettingsPage chrome={await ui.chrome(c)} site={current.site} values={values} errors={result.errors} saved={false} created={false} webhookSecret={current.webhookSecret} spam={{ akismetKeySet: current.settings.akismetKey.set, hookSecretSet: current.settings.moderationHook !== null }} />,
        422,
      );
    }
    try {
      await putSiteSettings(moderation, current.site, result.settings, c.var.auth.actor);
    } catch (err) {
      // The checks only the server can make (a private address, a hook with no secret) show on the form too.
      if (!(err instanceof AppError) || !err.fields) throw err;
      const errors = Object.fromEntries(Object.entries(err.fields).map(([field, message]) => [formField(field), message]));
      return c.html(
        <SettingsPage chrome={await ui.chrome(c)} site={current.site} values={values} errors={errors} saved={false} created={false} webhookSecret={current.webhookSecret} spam={{ akismetKeySet: current.settings.akismetKey.set, hookSecretSet: current.settings.moderationHook !== null }} />,
        422,
      );
    }
    return c.redirect(`/admin/sites/${encodeURIComponent(current.site)}?saved=1`, 303);
  });

  return app;
}
