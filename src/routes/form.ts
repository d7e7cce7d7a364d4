// POST /api/comments/form: the no-JavaScript "Leave a Reply" form, with WordPress's field names.
// Success is a 303 back to the article; an error is an HTML page that links back.
import { Hono } from 'hono';
import { newCommentSchema } from '../comments/input.js';
import { postComment } from '../comments/service.js';
import { isAllowedUrl } from '../comments/settings.js';
import { AppError, fieldsFromIssues, validationError } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { requireBody } from '../http/validate.js';
import { subscribeAuthor } from '../readers/subscribe.js';

type FormValue = string | File | (string | File)[] | undefined;

/** The first text value of a form field; files and repeated fields beyond the first are ignored. */
function text(value: FormValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Every text value of a repeated field (the two "Notify me" checkboxes share the name `subscribe`). */
function texts(value: FormValue): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
}

function parentId(value: string | undefined): number | undefined | string {
  if (value === undefined || value.trim() === '' || value.trim() === '0') return undefined;
  return /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
}

export function formRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.post(
    '/api/comments/form',
    requireBody('form'),
    async (c) => {
      let form: Record<string, FormValue>;
      try {
        form = await c.req.parseBody({ all: true });
      } catch {
        throw new AppError('bad_request', 'The form could not be read.');
      }
      const articleUrl = text(form.articleUrl) || c.req.header('Referer') || undefined;
      const candidate = {
        site: text(form.site),
        article: text(form.article) || text(form.comment_post_ID),
        articleUrl,
        articleTitle: text(form.articleTitle),
        parentId: parentId(text(form.comment_parent)),
        name: text(form.author),
        email: text(form.email),
        url: text(form.url),
        body: text(form.comment),
        homepage: text(form.homepage),
        subscribe: texts(form.subscribe),
      };

      // Find where "« Back" may point before anything can fail: only a URL on the site's origins.
      const site = candidate.site ? await deps.service.store.getSite(candidate.site).catch(() => null) : null;
      if (site && articleUrl && isAllowedUrl(site.settings, articleUrl)) c.set('errorPage', { backUrl: articleUrl });
      if (candidate.site) c.set('siteSlug', candidate.site);

      const parsed = newCommentSchema.safeParse(candidate);
      if (!parsed.success) throw validationError(fieldsFromIssues(parsed.error.issues));
      if (!parsed.data.articleUrl) {
        throw validationError({ articleUrl: 'The form must say which page it is on (an articleUrl field or a Referer).' });
      }
      const posted = await postComment(deps.service, parsed.data, {
        ip: deps.clientIp(c),
        userAgent: c.req.header('User-Agent') ?? null,
        origin: c.req.header('Origin') ?? null,
      });

      const moderation = deps.moderation(c);
      // Its webhook event was stored with it: delivery starts now.
      if (posted.announced) moderation.onEvents();
      await subscribeAuthor(deps.readers(c), posted, parsed.data.email ?? '', parsed.data.subscribe ?? []);
      // Both candidates were checked against the site's origins, so this is never an open redirect.
      const url = new URL(posted.articleUrl ?? parsed.data.articleUrl);
      const anchor = posted.comment.status === 'approved' ? `comment-${posted.comment.id}` : 'comment-pending';
      url.hash = anchor;
      return c.redirect(url.href, 303);
    },
  );

  return app;
}
