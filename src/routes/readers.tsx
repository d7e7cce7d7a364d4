// What readers do to others' comments: reports (JSON, and the no-JavaScript form and page) and reactions.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { commentIdSchema } from '../comments/input.js';
import { isAllowedUrl } from '../comments/settings.js';
import { toPublicComment } from '../comments/thread.js';
import { fieldsFromIssues, validationError } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { requireBody, validate } from '../http/validate.js';
import { PAGE_CSP } from '../render/layout.js';
import { ReportedPage, ReportPage } from '../render/report-page.js';
import { readerIdOf, reportSchema } from '../readers/input.js';
import { setReaction } from '../readers/reactions.js';
import { publicComment, reportComment } from '../readers/reports.js';

export function readerRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  const readerDeps = (c: Context<AppEnv>) => {
    const moderation = deps.moderation(c);
    return { ...deps.service, store: moderation.store, onEvents: moderation.onEvents };
  };
  const meta = (c: Context<AppEnv>) => ({
    ip: deps.clientIp(c),
    userAgent: null,
    origin: c.req.header('Origin') ?? null,
    readerId: readerIdOf(c.req.header('X-Parley-Reader')),
  });
  /** The article's address, when it is on one of the site's origins (never an open redirect). */
  const backUrl = (found: Awaited<ReturnType<typeof publicComment>>) =>
    found.article.url && isAllowedUrl(found.site.settings, found.article.url) ? found.article.url : null;

  app.post('/api/comments/:id/reports', validate('param', commentIdSchema), requireBody('json'), validate('json', reportSchema), async (c) => {
    await reportComment(readerDeps(c), c.req.valid('param').id, c.req.valid('json'), meta(c));
    return c.json({ accepted: true }, 202);
  });

  app.put('/api/comments/:id/reaction', validate('param', commentIdSchema), async (c) =>
    c.json(await setReaction(readerDeps(c), c.req.valid('param').id, true, meta(c))),
  );

  app.delete('/api/comments/:id/reaction', validate('param', commentIdSchema), async (c) =>
    c.json(await setReaction(readerDeps(c), c.req.valid('param').id, false, meta(c))),
  );

  // ---- without JavaScript: a page with the form, and the form's POST -----------------------

  const htmlErrors: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('errorPage', { backUrl: null });
    await next();
  };
  app.use('/report/*', htmlErrors);
  app.use('/api/comments/:id/reports/form', htmlErrors);

  app.get('/report/:id', validate('param', commentIdSchema), async (c) => {
    const found = await publicComment(deps.service, c.req.valid('param').id);
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(<ReportPage comment={toPublicComment(found.comment)} backUrl={backUrl(found)} />);
  });

  app.post('/api/comments/:id/reports/form', validate('param', commentIdSchema), requireBody('form'), async (c) => {
    const id = c.req.valid('param').id;
    const found = await publicComment(deps.service, id);
    c.set('errorPage', { backUrl: backUrl(found) });
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw validationError({}, 'bad_request');
    }
    const parsed = reportSchema.safeParse({
      reason: typeof form.reason === 'string' ? form.reason : undefined,
      text: typeof form.text === 'string' ? form.text : undefined,
    });
    if (!parsed.success) throw validationError(fieldsFromIssues(parsed.error.issues));
    // The report page is Parley's own, so its form comes from Parley's origin; any other origin
    // must be one of the site's (a foreign page must not make its visitors report comments).
    const origin = c.req.header('Origin') ?? null;
    const own = origin !== null && origin === new URL(c.req.url).origin;
    await reportComment(readerDeps(c), id, parsed.data, { ...meta(c), origin: own ? null : origin });
    c.header('Content-Security-Policy', PAGE_CSP);
    return c.html(<ReportedPage commentId={id} backUrl={backUrl(found)} />);
  });

  return app;
}
