// The moderation queue and actions on comments.
import { Hono } from 'hono';
import { commentIdSchema } from '../../comments/input.js';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { requireBody, validate } from '../../http/validate.js';
import { actionParamSchema, adminEditSchema, bulkSchema, queueQuerySchema, replySchema } from '../../moderation/input.js';
import { scopeOf } from '../../moderation/roles.js';
import { applyAction, bulk, editComment, getComment, listQueue, purgeComment, reply } from '../../moderation/service.js';

export function adminCommentRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/admin/comments', validate('query', queueQuerySchema), async (c) =>
    c.json(await listQueue(deps.moderation(c), c.req.valid('query'), scopeOf(c.var.auth.access))),
  );

  app.post('/api/admin/comments/bulk', requireBody('json'), validate('json', bulkSchema), async (c) => {
    const { ids, action } = c.req.valid('json');
    return c.json({ results: await bulk(deps.moderation(c), ids, action, c.var.auth.actor, scopeOf(c.var.auth.access)) });
  });

  app.get('/api/admin/comments/:id', validate('param', commentIdSchema), async (c) =>
    c.json({ comment: await getComment(deps.moderation(c), c.req.valid('param').id) }),
  );

  app.patch('/api/admin/comments/:id', validate('param', commentIdSchema), requireBody('json'), validate('json', adminEditSchema), async (c) =>
    c.json({ comment: await editComment(deps.moderation(c), c.req.valid('param').id, c.req.valid('json'), c.var.auth.actor) }),
  );

  app.delete('/api/admin/comments/:id', validate('param', commentIdSchema), async (c) => {
    await purgeComment(deps.moderation(c), c.req.valid('param').id, c.var.auth.actor);
    return c.body(null, 204);
  });

  app.post('/api/admin/comments/:id/reply', validate('param', commentIdSchema), requireBody('json'), validate('json', replySchema), async (c) =>
    c.json({ comment: await reply(deps.moderation(c), c.req.valid('param').id, c.req.valid('json').body, c.var.auth.actor) }, 201),
  );

  app.post('/api/admin/comments/:id/:action', validate('param', actionParamSchema), async (c) => {
    const { id, action } = c.req.valid('param');
    return c.json({ comment: await applyAction(deps.moderation(c), id, action, c.var.auth.actor) });
  });

  return app;
}
