// createApp(deps): the whole HTTP service, built from injected dependencies. The one place routes are mounted.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { invalidatingStore } from './cache/invalidating-store.js';
import { clientAddress } from './comments/ip.js';
import { AppError } from './errors.js';
import { requestBodyLimit } from './http/body-limit.js';
import { cachedGets } from './http/cached-get.js';
import { SECURITY_HEADERS, type RequestDone } from './http/security-headers.js';
import { publicCors } from './http/cors.js';
import type { AppDeps, AppEnv, RouteDeps } from './http/env.js';
import { errorPage } from './render/error-page.js';
import { PAGE_CSP } from './render/layout.js';
import { requireModerator } from './http/admin-auth.js';
import { enforceRoles } from './http/roles.js';
import { webhookDelivery } from './moderation/webhooks.js';
import { outbound } from './spam/outbound.js';
import { adminBanRoutes } from './routes/admin/bans.js';
import { adminCommentRoutes } from './routes/admin/comments.js';
import { adminExportRoutes } from './routes/admin/export.js';
import { adminImportRoutes } from './routes/admin/import.js';
import { sessionRoutes } from './routes/admin/session.js';
import { adminMailRoutes } from './routes/admin/mail.js';
import { adminReaderRoutes } from './routes/admin/readers.js';
import { adminSiteRoutes } from './routes/admin/sites.js';
import { adminSpamRoutes } from './routes/admin/spam.js';
import { adminPrivacyRoutes } from './routes/admin/privacy.js';
import { adminRoleRoutes } from './routes/admin/roles.js';
import { mailActionRoutes } from './routes/mail-actions.js';
import { defaultMailHooks, runHooks } from './mail/hooks.js';
import type { AdminCommentRow, CommentChange, NewComment, NewMail, Site } from './store/types.js';
import { addReaderMail } from './readers/hooks.js';
import { adminUiRoutes } from './routes/admin-ui.js';
import { assetRoutes } from './routes/assets.js';
import { embedRoutes } from './routes/embed.js';
import { formRoutes } from './routes/form.js';
import { openApiRoutes } from './routes/openapi.js';
import { pageRoutes } from './routes/pages.js';
import { readinessRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { privacyRoutes } from './routes/privacy.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { publicRoutes } from './routes/public.js';
import { readerRoutes } from './routes/readers.js';
import { widgetStringRoutes } from './routes/widget-strings.js';

export type { AppDeps } from './http/env.js';

const isAdminPath = (path: string) => path === '/api/admin' || path.startsWith('/api/admin/');

/** Work that must not hold up the response: Workers' waitUntil where there is one, else fire and forget. */
function runAfterResponse(c: Context, task: Promise<unknown>, log: (line: string) => void): void {
  const guarded = task.catch((err: unknown) => log(`background task failed: ${err instanceof Error ? err.message : 'unknown'}`));
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    // Node has no execution context; the promise runs on by itself.
  }
}

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException && err.status === 400) return new AppError('bad_request', 'The request body is not valid JSON.');
  if (err instanceof HTTPException && err.status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  return null;
}

export function createApp(deps: AppDeps) {
  const { config, cache } = deps;
  // With a response cache, every write goes through a store that invalidates what it changes.
  const store = cache ? invalidatingStore(deps.store, cache) : deps.store;
  const now = deps.clock ?? Date.now;
  const log = deps.log ?? ((line: string) => console.log(line));
  const calls = deps.outbound ?? outbound(config, deps.fetch, deps.outboundFetch);
  const webhooks = deps.webhooks ?? webhookDelivery({ store, now, fetch: calls.fetch, spam: calls.spam });
  const sendWebhooks = () => webhooks.deliverDue();
  const mailer = deps.mailer ?? null;
  // Set when a request put mail in the outbox; the request then starts the sender after its response.
  let mailQueued = false;
  const noteMails = (mails: NewMail[]) => {
    if (mails.length > 0) mailQueued = true;
    return mails;
  };
  const hooks = defaultMailHooks(store);
  if (mailer) addReaderMail(hooks, mailer, { store, secret: deps.secret, now });
  const mailsForNewComment = async (site: Site, comment: NewComment) => noteMails(await runHooks(hooks.newComment, site, comment));
  const mailsForChange = async (row: AdminCommentRow, change: CommentChange) => noteMails(await runHooks(hooks.change, row, change));
  const routeDeps: RouteDeps = {
    service: { store, secret: deps.secret, now, hashing: deps.hashing, mailsForNewComment: mailer ? mailsForNewComment : undefined, spam: calls.spam },
    auth: { store, secret: deps.secret, now, sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) },
    config,
    clientIp: (c) =>
      clientAddress(deps.socketAddress?.(c) ?? null, c.req.header('X-Forwarded-For'), config.PARLEY_TRUSTED_PROXIES),
    moderation: (c) => ({
      store,
      secret: deps.secret,
      now,
      onEvents: () => runAfterResponse(c, sendWebhooks(), log),
      allowPrivateHooks: config.PARLEY_ALLOW_PRIVATE_HOOKS,
      spam: calls.spam,
      mailsForChange: mailer && hooks.change.length > 0 ? mailsForChange : undefined,
      // A moderator's reply is a new, approved comment: readers hear of it like any other.
      mailsForNewComment: mailer ? mailsForNewComment : undefined,
    }),
    readers: () => ({
      store,
      secret: deps.secret,
      now,
      publicUrl: mailer ? mailer.options.publicUrl : null,
      onMail: () => {
        mailQueued = true;
      },
    }),
    cache,
    mailer,
    mailHooks: hooks,
    enqueueMail: async (_c, mails) => {
      if (!mailer || mails.length === 0) return;
      await store.enqueueMails(mails);
      noteMails(mails);
    },
  };

  const app = new Hono<AppEnv>();

  // One middleware for what every response gets after its handler (one async layer, not three: each
  // layer costs a promise and a frame on every request, which the cached GETs feel):
  // - two security headers;
  // - one log line per request: method, the matched route pattern (never the raw path, which a
  //   client controls), status and time; no IPs, emails or bodies; the same goes to the metrics;
  // - mail written by the request goes out after its response (the timer or cron retries what fails).
  const { metrics } = deps;
  const requestDone: RequestDone = (method, route, status, ms) => {
    if (config.PARLEY_LOG) log(`${method} ${route} ${status} ${ms.toFixed(1)}ms`);
    metrics?.observe(method, route, status, ms / 1000);
  };
  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    for (const name in SECURITY_HEADERS) c.res.headers.set(name, SECURITY_HEADERS[name] ?? '');
    requestDone(c.req.method, c.req.routePath, c.res.status, performance.now() - start);
    if (mailer && mailQueued) {
      mailQueued = false;
      runAfterResponse(c, mailer.kick(), log);
    }
  });

  // The no-JavaScript form answers every error, even an oversized body, with an HTML page.
  app.use('/api/comments/form', async (c, next) => {
    c.set('errorPage', { backUrl: null });
    await next();
  });

  app.use(
    '*',
    requestBodyLimit({
      maxSize: config.PARLEY_BODY_LIMIT,
      onError: () => {
        throw new AppError('payload_too_large', `The request body is over ${Math.round(config.PARLEY_BODY_LIMIT / 1024)} KiB.`);
      },
    }),
  );

  const cors = publicCors(store);
  app.use('/api/*', async (c, next) => (isAdminPath(c.req.path) ? next() : cors(c, next)));

  // Every /api/admin/* path needs a moderator, known or not, except signing in itself; then the
  // roles table (moderation/roles.ts) says which role and which sites each route needs.
  const moderatorOnly = requireModerator(routeDeps.auth);
  app.use('/api/admin/*', async (c, next) => (c.req.path === '/api/admin/session' && c.req.method === 'POST' ? next() : moderatorOnly(c, next)));
  app.use('/api/admin/*', enforceRoles(store));

  app.route('/', sessionRoutes(routeDeps));
  app.route('/', adminReaderRoutes(routeDeps));
  app.route('/', adminCommentRoutes(routeDeps));
  app.route('/', adminBanRoutes(routeDeps));
  app.route('/', adminSiteRoutes(routeDeps));
  app.route('/', adminSpamRoutes(routeDeps));
  app.route('/', adminExportRoutes(routeDeps));
  app.route('/', adminImportRoutes(routeDeps));
  app.route('/', adminPrivacyRoutes(routeDeps));
  app.route('/', adminMailRoutes(routeDeps));
  app.route('/', adminRoleRoutes(routeDeps));
  app.route('/', mailActionRoutes(routeDeps));
  app.route('/', openApiRoutes(deps.apiDescription));
  app.route('/', publicRoutes(routeDeps));
  app.route('/', readerRoutes(routeDeps));
  app.route('/', assetRoutes(deps.assets ?? {}));
  app.route('/', widgetStringRoutes());
  app.route('/', embedRoutes(routeDeps));
  app.route('/', adminUiRoutes(routeDeps, deps.assets ?? {}));
  app.route('/', formRoutes(routeDeps));
  app.route('/', pageRoutes(routeDeps));
  app.route('/', readinessRoutes({ store, migrations: deps.migrations }));
  if (metrics && config.PARLEY_METRICS_TOKEN) app.route('/', metricsRoutes(metrics, config.PARLEY_METRICS_TOKEN));
  app.route('/', privacyRoutes(routeDeps));
  app.route('/', subscriptionRoutes(routeDeps));

  // The one place an error becomes a response: the contract's JSON, or the HTML page for the form.
  const respond = (c: Context<AppEnv>, error: AppError) => {
    if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
    const page = c.get('errorPage');
    if (page) {
      c.header('Content-Security-Policy', PAGE_CSP);
      return c.html(errorPage(error, page.backUrl, page.heading), error.status);
    }
    return c.json(error.toJSON(), error.status);
  };

  app.notFound((c) => respond(c, new AppError('not_found', 'There is nothing at this address.')));

  app.onError((err, c) => {
    let error = toAppError(err);
    if (!error) {
      // Log the failure itself, not the request: the message of a driver error carries no request data.
      log(`error ${c.req.method} ${c.req.routePath}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`);
      error = new AppError('internal_error', 'Something went wrong on our side.');
    }
    return respond(c, error);
  });

  // A warm thread or counts GET is answered from the cache before the router (src/http/cached-get.ts):
  // the same bytes and headers as through the app, at a fraction of its fixed cost per request.
  if (cache) {
    const viaApp = app.fetch;
    const fromCacheFirst = cachedGets(cache, requestDone);
    app.fetch = (request, env, executionCtx) => fromCacheFirst(request) ?? viaApp(request, env, executionCtx);
  }

  return app;
}
