// Moderators and API tokens with their role and sites (admins only: see moderation/roles.ts).
import { Hono } from 'hono';
import type { AppContext, AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { accessChangeSchema, idParamSchema, moderatorCreateSchema, tokenCreateSchema } from '../../moderation/roles-input.js';
import { changeModerator, changeToken, createModerator, createToken, listModerators, listTokens, removeModerator, revokeToken } from '../../moderation/roles-service.js';

export function adminRoleRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const rolesDeps = (c: AppContext) => ({ store: deps.moderation(c).store, now: deps.service.now });

  app.get('/api/admin/moderators', async (c) => c.json({ moderators: await listModerators(rolesDeps(c)) }));

  app.post('/api/admin/moderators', requireBody('json'), validate('json', moderatorCreateSchema), async (c) =>
    c.json({ moderator: await createModerator(rolesDeps(c), c.req.valid('json'), c.var.auth.actor) }, 201),
  );

  app.patch('/api/admin/moderators/:id', validate('param', idParamSchema), requireBody('json'), validate('json', accessChangeSchema), async (c) =>
    c.json({ moderator: await changeModerator(rolesDeps(c), c.req.valid('param').id, c.req.valid('json'), c.var.auth.actor) }),
  );

  app.delete('/api/admin/moderators/:id', validate('param', idParamSchema), async (c) => {
    await removeModerator(rolesDeps(c), c.req.valid('param').id, c.var.auth.actor);
    return c.body(null, 204);
  });

  app.get('/api/admin/tokens', async (c) => c.json({ tokens: await listTokens(rolesDeps(c)) }));

  app.post('/api/admin/tokens', requireBody('json'), validate('json', tokenCreateSchema), async (c) => {
    const { token, secret } = await createToken(rolesDeps(c), c.req.valid('json'), c.var.auth.actor, c.var.auth.ownerId);
    return c.json({ token, secret }, 201);
  });

  app.patch('/api/admin/tokens/:id', validate('param', idParamSchema), requireBody('json'), validate('json', accessChangeSchema), async (c) =>
    c.json({ token: await changeToken(rolesDeps(c), c.req.valid('param').id, c.req.valid('json'), c.var.auth.actor) }),
  );

  app.delete('/api/admin/tokens/:id', validate('param', idParamSchema), async (c) => {
    await revokeToken(rolesDeps(c), c.req.valid('param').id, c.var.auth.actor);
    return c.body(null, 204);
  });

  return app;
}
