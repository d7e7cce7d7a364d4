// The moderator web UI at /admin: server-rendered pages (dashboard, comments, audit log; sign-in and
// settings in admin-ui-forms.tsx) whose actions go through the moderation JSON API from /admin.js.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Assets } from '../assets.js';
import { articleKeySchema, commentIdSchema, siteSlugSchema } from '../comments/input.js';
import { commentStatuses } from '../db/schema.js';
import { AppError, fieldsFromIssues, validationError } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { etagOf } from '../http/etag.js';
import { authorHistoryOf } from '../moderation/author-history.js';
import { authorKeySchema } from '../moderation/bans-input.js';
import { auditQuerySchema } from '../moderation/input.js';
import { getCommentAndRow, listQueue } from '../moderation/service.js';
import { listAudit, stats } from '../moderation/sites.js';
import { AuditPage } from '../admin-ui/pages/audit.js';
import { CommentRow } from '../admin-ui/pages/comment-row.js';
import { DashboardPage } from '../admin-ui/pages/dashboard.js';
import { ImportPage } from '../admin-ui/pages/import.js';
import { AdminErrorPage } from '../admin-ui/pages/error.js';
import type { Chrome } from '../admin-ui/pages/layout.js';
import { QueuePage, SingleCommentPage } from '../admin-ui/pages/queue.js';
import { adminHeaders, csrfTokenOf, requireModeratorPage } from '../admin-ui/session.js';
import { enforceRoles } from '../http/roles.js';
import { can, scopeOf } from '../moderation/roles.js';
import { adminCss } from '../admin-ui/styles.js';
import { failedMails } from '../mail/preferences.js';
import { adminFormRoutes } from './admin-ui-forms.js';
import { adminNotificationRoutes } from './admin-ui-notifications.js';
import { adminBanPageRoutes } from './admin-ui-bans.js';
import { adminPrivacyPageRoutes } from './admin-ui-privacy.js';
import { adminModeratorRoutes } from './admin-ui-moderators.js';

/** Comments per page of the queue (WordPress shows 20). */
export const QUEUE_PAGE_SIZE = 20;

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

const queuePageSchema = z.object({
  status: z.preprocess(blankToUndefined, z.enum(commentStatuses).default('pending')),
  site: z.preprocess(blankToUndefined, siteSlugSchema.optional()),
  article: z.preprocess(blankToUndefined, articleKeySchema.optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, 'A search is at most 200 characters.').optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  /** The Reported view: comments with open readers' reports, whatever their status. */
  reported: z.preprocess(blankToUndefined, z.enum(['true']).optional()),
  author: z.preprocess(blankToUndefined, authorKeySchema.optional()),
});

export interface AdminUi {
  deps: RouteDeps;
  assetVersion: string;
  chrome: (c: Context<AppEnv>) => Promise<Chrome>;
}

export function adminUiRoutes(deps: RouteDeps, assets: Assets) {
  const app = new Hono<AppEnv>();
  const assetVersion = etagOf(`${assets['admin.js'] ?? ''}\n${adminCss}`).replace(/[^0-9a-z]/gi, '');
  const ui: AdminUi = {
    deps,
    assetVersion,
    chrome: async (c) => {
      const { moderator, access } = c.var.auth;
      const { totals } = await stats(deps.moderation(c), scopeOf(access));
      return {
        moderator: { name: moderator?.name ?? '', email: moderator?.email ?? '' },
        csrf: csrfTokenOf(c),
        pending: totals.pending,
        admin: can(access, 'admin'),
        assetVersion,
      };
    },
  };

  app.get('/assets/admin.css', (c) =>
    c.body(adminCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );

  // `/admin/*` covers `/admin` itself too.
  app.use('/admin/*', adminHeaders);
  const moderatorOnly = requireModeratorPage(deps.auth);
  app.use('/admin/*', async (c, next) => (c.req.path === '/admin/sign-in' ? next() : moderatorOnly(c, next)));
  app.use('/admin/*', async (c, next) => enforceRoles(deps.moderation(c).store)(c, next));

  app.route('/', adminFormRoutes(ui));
  app.route('/', adminNotificationRoutes(ui));
  app.route('/', adminPrivacyPageRoutes(ui));
  app.route('/', adminModeratorRoutes(ui));
  app.route('/', adminBanPageRoutes(ui));

  app.get('/admin', async (c) => {
    const moderation = deps.moderation(c);
    const { access } = c.var.auth;
    // Failed mail is the mail admin's (it names readers' addresses); a moderator sees its sites' counts.
    const [counts, failed] = await Promise.all([stats(moderation, scopeOf(access)), can(access, 'admin') ? failedMails(moderation.store, 20) : []]);
    return c.html(<DashboardPage chrome={await ui.chrome(c)} sites={counts.sites} totals={counts.totals} failedMails={failed} />);
  });

  app.get('/admin/comments', async (c) => {
    const parsed = queuePageSchema.safeParse(c.req.query());
    if (!parsed.success) throw validationError(fieldsFromIssues(parsed.error.issues), 'bad_request');
    const { status, site, article, q, cursor, author } = parsed.data;
    const reported = parsed.data.reported === 'true';
    const moderation = deps.moderation(c);
    const scope = scopeOf(c.var.auth.access);
    const [page, counts, allSites] = await Promise.all([
      listQueue(moderation, { status: reported ? undefined : status, reported, site, article, q, author, cursor, limit: QUEUE_PAGE_SIZE }, scope),
      stats(moderation, scope),
      moderation.store.listSites(),
    ]);
    // The site picker offers a moderator its own sites only.
    const sites = allSites.filter((s) => !scope || scope.includes(s.id));
    const tabCounts = site ? counts.sites[site] ?? counts.totals : counts.totals;
    return c.html(
      <QueuePage
        chrome={await ui.chrome(c)}
        status={status}
        filters={{ site, article, q, author }}
        reported={reported}
        sites={sites.map((s) => s.slug)}
        counts={tabCounts}
        comments={page.comments}
        maxLinks={Object.fromEntries(sites.map((s) => [s.slug, s.settings.maxLinks]))}
        nextCursor={page.nextCursor}
        firstPage={cursor === undefined}
      />,
    );
  });

  const commentOf = async (c: Context<AppEnv>) => {
    const id = commentIdSchema.safeParse({ id: c.req.param('id') });
    if (!id.success) throw new AppError('not_found', 'There is no such comment.');
    const moderation = deps.moderation(c);
    // The row is read once, for the comment and its author's history alike.
    const found = await getCommentAndRow(moderation, id.data.id);
    const comment = Object.assign(found.comment, { authorHistory: await authorHistoryOf(moderation, found.row) });
    const site = await moderation.store.getSite(comment.site);
    return { comment, maxLinks: site?.settings.maxLinks ?? 0 };
  };

  app.get('/admin/comments/:id', async (c) => {
    const { comment, maxLinks } = await commentOf(c);
    return c.html(<SingleCommentPage chrome={await ui.chrome(c)} comment={comment} maxLinks={maxLinks} />);
  });

  // One row, for the script to put back after an edit or a reply (rendering stays on the server).
  app.get('/admin/comments/:id/row', async (c) => {
    const { comment, maxLinks } = await commentOf(c);
    return c.html(<CommentRow comment={comment} maxLinks={maxLinks} />);
  });

  const importScript = `/admin-import.js?v=${etagOf(assets['admin-import.js'] ?? '').replace(/[^0-9a-z]/gi, '')}`;
  app.get('/admin/import', async (c) => {
    const sites = (await deps.moderation(c).store.listSites()).map((s) => s.slug).sort();
    return c.html(<ImportPage chrome={await ui.chrome(c)} sites={sites} bodyLimit={deps.config.PARLEY_BODY_LIMIT} script={importScript} />);
  });

  app.get('/admin/audit', async (c) => {
    const parsed = auditQuerySchema.safeParse({ cursor: c.req.query('cursor') || undefined });
    if (!parsed.success) throw validationError(fieldsFromIssues(parsed.error.issues), 'bad_request');
    const audit = await listAudit(deps.moderation(c), { cursor: parsed.data.cursor, limit: 50 });
    return c.html(<AuditPage chrome={await ui.chrome(c)} entries={audit.entries} nextCursor={audit.nextCursor} firstPage={parsed.data.cursor === undefined} />);
  });

  // Anything else under /admin (after the sign-in check, so addresses cannot be probed signed out).
  app.all('/admin/*', () => {
    throw new AppError('not_found', 'There is no such page.');
  });

  app.onError((err, c) => {
    if (!(err instanceof AppError)) throw err;
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    return c.html(<AdminErrorPage error={err} assetVersion={assetVersion} />, err.status);
  });

  return app;
}
