// The public JSON API: threads, posting, author edits and deletes, counts.
import { Hono } from 'hono';
import { z } from 'zod';
import { commentIdSchema, countsQuerySchema, editCommentSchema, newCommentSchema, siteSlugSchema, threadQuerySchema } from '../comments/input.js';
import { deleteComment, editComment, postComment } from '../comments/service.js';
import { fromCache, renderCounts, rendered, renderThread, respond } from '../http/rendered.js';
import { authorDeleteEvents, beforeAuthorDelete } from '../moderation/service.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { requireBody, validate } from '../http/validate.js';
import { subscribeAuthor } from '../readers/subscribe.js';

export const countsQuery = z.object({
  site: siteSlugSchema,
  article: z.preprocess((v) => (typeof v === 'string' ? [v] : v), countsQuerySchema.shape.article),
});

export function publicRoutes(deps: RouteDeps) {
  const { service } = deps;
  const app = new Hono<AppEnv>();

  // Threads and counts are rendered to bytes once; with a cache, a repeat request is answered from it.
  app.get('/api/comments', fromCache(deps.cache), validate('query', threadQuerySchema), async (c) => {
    const query = c.req.valid('query');
    c.set('siteSlug', query.site);
    return respond(c, await rendered(c, deps.cache, () => renderThread(service, query, (site) => c.set('site', site))));
  });

  app.post('/api/comments', requireBody('json'), validate('json', newCommentSchema), async (c) => {
    const input = c.req.valid('json');
    c.set('siteSlug', input.site);
    const posted = await postComment(service, input, {
      ip: deps.clientIp(c),
      userAgent: c.req.header('User-Agent') ?? null,
      origin: c.req.header('Origin') ?? null,
    });
    c.set('site', posted.site);
    const moderation = deps.moderation(c);
    // Its webhook event was stored with it: delivery starts now.
    if (posted.announced) moderation.onEvents();
    await subscribeAuthor(deps.readers(c), posted, input.email ?? '', input.subscribe ?? []);
    return c.json({ comment: posted.comment, editToken: posted.editToken, editableUntil: posted.editableUntil }, 201);
  });

  app.patch(
    '/api/comments/:id',
    validate('param', commentIdSchema),
    requireBody('json'),
    validate('json', editCommentSchema),
    async (c) => {
      const comment = await editComment(service, c.req.valid('param').id, c.req.header('X-Edit-Token'), c.req.valid('json').body);
      return c.json({ comment });
    },
  );

  app.delete('/api/comments/:id', validate('param', commentIdSchema), async (c) => {
    const { id } = c.req.valid('param');
    const moderation = deps.moderation(c);
    // Read first: after the delete there is nothing left (or only a placeholder) to announce.
    const announced = await beforeAuthorDelete(moderation, id);
    const events = announced ? await authorDeleteEvents(moderation, announced) : [];
    await deleteComment(service, id, c.req.header('X-Edit-Token'), events);
    if (events.length > 0) moderation.onEvents();
    return c.body(null, 204);
  });

  app.get('/api/counts', fromCache(deps.cache), validate('query', countsQuery), async (c) => {
    const query = c.req.valid('query');
    c.set('siteSlug', query.site);
    const keys = [...new Set(query.article)];
    return respond(c, await rendered(c, deps.cache, () => renderCounts(service, query.site, keys, (site) => c.set('site', site))));
  });

  return app;
}
