// The Moderators page's form posts (admins only, see moderation/roles.ts): add, change and remove
// moderators; create and revoke API tokens. Each post is checked for its origin and CSRF token.
import { Hono, type Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { accessChangeSchema, idParamSchema, moderatorCreateSchema, tokenCreateSchema } from '../moderation/roles-input.js';
import { changeModerator, createModerator, createToken, listModerators, listTokens, removeModerator, revokeToken } from '../moderation/roles-service.js';
import { ModeratorsPage, type ModeratorsPageProps } from '../admin-ui/pages/moderators.js';
import { requireFormCsrf } from '../admin-ui/session.js';
import type { AdminUi } from './admin-ui.js';

type Extra = Pick<ModeratorsPageProps, 'notice' | 'error' | 'secret'>;

const NOTICES: Record<string, string> = {
  added: 'The moderator was added.',
  saved: 'The role and sites were saved.',
  removed: 'The moderator was removed.',
  revoked: 'The token was revoked.',
};

async function formBody(c: Context<AppEnv>): Promise<Record<string, string | string[]>> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
  }
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  requireFormCsrf(c, values);
  return values;
}

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '');
const many = (value: string | string[] | undefined) => (Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : []);

export function adminModeratorRoutes(ui: AdminUi) {
  const { deps } = ui;
  const app = new Hono<AppEnv>();
  const rolesDeps = (c: Context<AppEnv>) => ({ store: deps.moderation(c).store, now: deps.service.now });

  const page = async (c: Context<AppEnv>, extra: Extra, status: 200 | 201 | 403 | 404 | 409 | 422 = 200) => {
    const store = deps.moderation(c).store;
    const [moderators, tokens, sites] = await Promise.all([listModerators(rolesDeps(c)), listTokens(rolesDeps(c)), store.listSites()]);
    return c.html(<ModeratorsPage chrome={await ui.chrome(c)} moderators={moderators} tokens={tokens} sites={sites.map((s) => s.slug)} {...extra} />, status);
  };

  /** Runs a change; a refusal the admin can fix is shown on the page, anything else goes to the error page. */
  const attempt = async (c: Context<AppEnv>, change: () => Promise<Response>) => {
    try {
      return await change();
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'duplicate', 'forbidden', 'not_found'].includes(err.code)) throw err;
      const message = err.fields ? Object.values(err.fields).join(' ') : err.message;
      return page(c, { error: message }, err.status as 403 | 404 | 409 | 422);
    }
  };

  const invalid = (issues: ReadonlyArray<{ message: string }>) => new AppError('validation_failed', issues[0]?.message ?? 'This form is not valid.');

  const idOf = (c: Context<AppEnv>) => {
    const parsed = idParamSchema.safeParse({ id: c.req.param('id') });
    if (!parsed.success) throw new AppError('not_found', 'There is no such moderator or token.');
    return parsed.data.id;
  };

  app.get('/admin/moderators', async (c) => {
    const done = c.req.query('done') ?? '';
    return page(c, { notice: NOTICES[done] ?? null });
  });

  app.post('/admin/moderators', async (c) => {
    const body = await formBody(c);
    return attempt(c, async () => {
      const parsed = moderatorCreateSchema.safeParse({ email: one(body.email), name: one(body.name), password: one(body.password), role: one(body.role), sites: many(body.sites) });
      if (!parsed.success) throw invalid(parsed.error.issues);
      await createModerator(rolesDeps(c), parsed.data, c.var.auth.actor);
      return c.redirect('/admin/moderators?done=added', 303);
    });
  });

  app.post('/admin/moderators/:id', async (c) => {
    const body = await formBody(c);
    return attempt(c, async () => {
      const id = idOf(c);
      const parsed = accessChangeSchema.safeParse({ role: one(body.role), sites: many(body.sites) });
      if (!parsed.success) throw invalid(parsed.error.issues);
      await changeModerator(rolesDeps(c), id, parsed.data, c.var.auth.actor);
      return c.redirect('/admin/moderators?done=saved', 303);
    });
  });

  app.post('/admin/moderators/:id/remove', async (c) => {
    await formBody(c);
    return attempt(c, async () => {
      await removeModerator(rolesDeps(c), idOf(c), c.var.auth.actor);
      return c.redirect('/admin/moderators?done=removed', 303);
    });
  });

  app.post('/admin/tokens', async (c) => {
    const body = await formBody(c);
    return attempt(c, async () => {
      const parsed = tokenCreateSchema.safeParse({ name: one(body.name), role: one(body.role), sites: many(body.sites) });
      if (!parsed.success) throw invalid(parsed.error.issues);
      const { token, secret } = await createToken(rolesDeps(c), parsed.data, c.var.auth.actor, c.var.auth.ownerId);
      // Shown on this answer only (never in a redirect's address, which browsers keep in history).
      return page(c, { secret: { name: token.name, value: secret } }, 201);
    });
  });

  app.post('/admin/tokens/:id/revoke', async (c) => {
    await formBody(c);
    return attempt(c, async () => {
      await revokeToken(rolesDeps(c), idOf(c), c.var.auth.actor);
      return c.redirect('/admin/moderators?done=revoked', 303);
    });
  });

  return app;
}
