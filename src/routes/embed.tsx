// GET /embed?site=&article=[&url=&title=&replytocom=]: the no-JavaScript thread and form (see render/embed-page.tsx).
import { Hono } from 'hono';
import { z } from 'zod';
import { articleKeySchema, siteSlugSchema } from '../comments/input.js';
import { getThread } from '../comments/reads.js';
import { isAllowedUrl } from '../comments/settings.js';
import { AppError } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { validate } from '../http/validate.js';
import { EmbedPage, embedCsp } from '../render/embed-page.js';
import { closedUntilMessage } from '../comments/quiet-hours.js';

export const embedQuery = z.object({
  site: siteSlugSchema,
  article: articleKeySchema,
  /** The article's address on the site, for the form (and the article's first comment). */
  url: z.string().max(2048).optional(),
  title: z.string().max(300).optional(),
  replytocom: z.string().optional(),
});

export function embedRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/embed', validate('query', embedQuery), async (c) => {
    const query = c.req.valid('query');
    const site = await deps.service.store.getSite(query.site);
    if (!site) throw new AppError('not_found', 'There is no such site.');
    const thread = await getThread(deps.service, { site: query.site, article: query.article, sort: 'oldest', limit: 200 });
    // An address that is not on the site's origins is ignored, here and in the links this page makes.
    const givenUrl = query.url && isAllowedUrl(site.settings, query.url) ? query.url : null;
    const articleUrl = givenUrl ?? thread.article.url;
    const replyToId = query.replytocom && /^\d{1,15}$/.test(query.replytocom) ? Number(query.replytocom) : null;
    const selfHref = (replyTo: number | null) => {
      const params = new URLSearchParams({ site: query.site, article: query.article });
      if (givenUrl) params.set('url', givenUrl);
      if (query.title) params.set('title', query.title);
      if (replyTo !== null) params.set('replytocom', String(replyTo));
      return `/embed?${params}`;
    };
    c.header('Content-Security-Policy', embedCsp(site.settings.origins));
    c.header('Cache-Control', 'no-cache');
    return c.html(
      <EmbedPage
        thread={thread}
        site={query.site}
        title={thread.article.title || query.title || ''}
        articleUrl={articleUrl}
        replyToId={replyToId}
        selfHref={selfHref}
        closedText={
          thread.article.closedUntil === undefined
            ? 'Comments are closed.'
            : closedUntilMessage(thread.article.closedUntil === null ? null : Date.parse(thread.article.closedUntil), site.settings.quietHours?.timeZone ?? 'UTC')
        }
      />,
    );
  });

  return app;
}
