// The moderator UI's Bans page and its forms (add, change, lift: CSRF-checked, answered with a
// redirect back to the page), and the confirmation page of "approve all pending from this author".
import { Hono, type Context } from 'hono';
import { AppError, fieldsFromIssues } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { accessOfRequest, requireSiteSlugAccess } from '../http/roles.js';
import { scopeOf } from '../moderation/roles.js';
import { approveAuthor } from '../moderation/author-history.js';
import { approveAuthorSchema, banEditSchema, banIdParamSchema, banSiteQuerySchema, newBanSchema } from '../moderation/bans-input.js';
import { createBan, editBan, liftBan, listBans } from '../moderation/bans.js';
import { BansPage } from '../admin-ui/pages/bans.js';
import { ApproveAuthorPage } from '../admin-ui/pages/approve-author.js';
import { requireFormCsrf } from '../admin-ui/session.js';
import type { AdminUi } from './admin-ui.js';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
/** A form's empty field means "none": for good, no note. */
const orNull = (value: string) => (value === '' ? null : value);

async function formBody(c: Context<AppEnv>) {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
  }
  const body = await c.req.parseBody();
  requireFormCsrf(c, body);
  return body;
}

const firstError = (issues: Parameters<typeof fieldsFromIssues>[0]) => Object.values(fieldsFromIssues(issues))[0] ?? 'The form is not valid.';

export function adminBanPageRoutes(ui: AdminUi) {
  const { deps } = ui;
  const app = new Hono<AppEnv>();
  const back = (site: string, params: Record<string, string>) => `/admin/bans?${new URLSearchParams({ site, ...params })}`;

  /** The page for a site (the first one when it names none it knows); a refused form is shown on it with a 422. */
  const page = async (c: Context<AppEnv>, asked: string, error?: string) => {
    const moderation = deps.moderation(c);
    // A moderator sees and picks only its own sites.
    const scope = scopeOf(accessOfRequest(c));
    const sites = (await moderation.store.listSites()).filter((s) => !scope || scope.includes(s.id)).map((s) => s.slug);
    const site = sites.includes(asked) ? asked : (sites[0] ?? '');
    const bans = site ? await listBans(moderation, site, 1000) : [];
    const done = { created: 'Ban added.', updated: 'Ban changed.', lifted: 'Ban lifted.' }[c.req.query('done') ?? ''];
    return c.html(<BansPage chrome={await ui.chrome(c)} sites={sites} site={site} bans={bans} done={done} error={error} />, error ? 422 : 200);
  };

  app.get('/admin/bans', (c) => page(c, c.req.query('site') ?? ''));

  app.post('/admin/bans', async (c) => {
    const body = await formBody(c);
    const input = newBanSchema.safeParse({
      site: text(body.site),
      kind: text(body.kind),
      value: text(body.value) || undefined,
      until: orNull(text(body.until)),
      note: orNull(text(body.note)),
    });
    const site = text(body.site);
    // A form that does not validate is shown again (on a site the caller may see); a valid one is checked against the caller's sites.
    if (!input.success) return page(c, site, firstError(input.error.issues));
    await requireSiteSlugAccess(c, deps.moderation(c).store, site);
    try {
      await createBan(deps.moderation(c), input.data, c.var.auth.actor);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'not_found') throw err;
      return page(c, site, err.message);
    }
    return c.redirect(back(site, { done: 'created' }), 303);
  });

  app.post('/admin/bans/:id/:change{edit|lift}', async (c) => {
    const id = banIdParamSchema.safeParse({ id: c.req.param('id') });
    const query = banSiteQuerySchema.safeParse(c.req.query());
    if (!id.success || !query.success) throw new AppError('not_found', 'There is no such ban.');
    const body = await formBody(c);
    const { site } = query.data;
    const moderation = deps.moderation(c);
    await requireSiteSlugAccess(c, moderation.store, site);
    if (c.req.param('change') === 'lift') {
      await liftBan(moderation, site, id.data.id, c.var.auth.actor);
      return c.redirect(back(site, { done: 'lifted' }), 303);
    }
    const edit = banEditSchema.safeParse({ until: orNull(text(body.until)), note: orNull(text(body.note)) });
    if (!edit.success) return page(c, site, firstError(edit.error.issues));
    try {
      await editBan(moderation, site, id.data.id, edit.data, c.var.auth.actor);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'not_found') throw err;
      return page(c, site, err.message);
    }
    return c.redirect(back(site, { done: 'updated' }), 303);
  });

  // "Approve all pending from this author": a confirmation page, then the POST.
  app.get('/admin/authors/approve', async (c) => {
    const input = approveAuthorSchema.safeParse({ site: c.req.query('site'), author: c.req.query('author') });
    if (!input.success) throw new AppError('bad_request', 'Name a site and an author.');
    const moderation = deps.moderation(c);
    await requireSiteSlugAccess(c, moderation.store, input.data.site);
    const site = await moderation.store.getSite(input.data.site);
    if (!site) throw new AppError('not_found', 'There is no such site.');
    const pending = await moderation.store.pendingByAuthor(site.id, input.data.author, 501);
    return c.html(<ApproveAuthorPage chrome={await ui.chrome(c)} site={site.slug} author={input.data.author} pending={pending.length} />);
  });

  app.post('/admin/authors/approve', async (c) => {
    const body = await formBody(c);
    const input = approveAuthorSchema.safeParse({ site: text(body.site), author: text(body.author) });
    if (!input.success) throw new AppError('validation_failed', 'Name a site and an author.');
    await requireSiteSlugAccess(c, deps.moderation(c).store, input.data.site);
    await approveAuthor(deps.moderation(c), input.data.site, input.data.author, c.var.auth.actor);
    return c.redirect(`/admin/comments?${new URLSearchParams({ status: 'approved', site: input.data.site, author: input.data.author })}`, 303);
  });

  return app;
}
