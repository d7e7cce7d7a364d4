// Pages and files that are not the JSON API: the demo articles and index, the stylesheet, avatars, health.
import { Hono, type Context } from 'hono';
import { avatarSvg, isAvatarHash } from '../comments/avatar.js';
import { getThread } from '../comments/reads.js';
import { AppError } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { DEMO_CSP, DemoIndex, DemoPage, demoArticles, findDemoArticle } from '../render/demo-page.js';
import { pageCss } from '../render/styles.js';

export function pageRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/healthz', async (c) => {
    try {
      await deps.service.store.ping();
    } catch {
      return c.json({ ok: false }, 503);
    }
    return c.json({ ok: true });
  });

  app.get('/assets/parley.css', (c) =>
    c.body(pageCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );

  app.get('/avatars/:file', (c) => {
    const match = /^([0-9a-f]{32})\.svg$/.exec(c.req.param('file'));
    const hash = match?.[1];
    if (!hash || !isAvatarHash(hash)) throw new AppError('not_found', 'There is no such avatar.');
    return c.body(avatarSvg(hash), 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
  });

  /** A demo article (PARLEY_DEMO): its text, then widget.js with the server-rendered thread as fallback. */
  const demoArticlePage = async (c: Context<AppEnv>, key: string) => {
    const article = findDemoArticle(key);
    if (!article) throw new AppError('not_found', 'There is nothing at this address.');
    const replyParam = c.req.query('replytocom');
    const replyToId = replyParam && /^\d{1,15}$/.test(replyParam) ? Number(replyParam) : null;
    const thread = await getThread(deps.service, { site: article.site, article: article.key, sort: 'oldest', limit: 200 });
    const articleUrl = new URL(article.key, c.req.url).href;
    c.header('Content-Security-Policy', DEMO_CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(<DemoPage article={article} thread={thread} articleUrl={articleUrl} replyToId={replyToId} />);
  };

  app.get('/', async (c) => {
    if (!deps.config.PARLEY_DEMO) {
      return c.text('Parley is running. See the README for the API and the embeddable widget.');
    }
    return demoArticlePage(c, '/');
  });

  app.get('/demo/index', (c) => {
    if (!deps.config.PARLEY_DEMO) throw new AppError('not_found', 'There is nothing at this address.');
    c.header('Content-Security-Policy', DEMO_CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(<DemoIndex articles={demoArticles} />);
  });

  app.get('/demo/:slug', (c) => {
    if (!deps.config.PARLEY_DEMO) throw new AppError('not_found', 'There is nothing at this address.');
    return demoArticlePage(c, `/demo/${c.req.param('slug')}`);
  });

  return app;
}
