// The pages readers' mail links open: confirm a subscription (double opt-in), and unsubscribe, from one
// thread or from everything (the suppression list). GET pages change nothing (mail scanners open every
// link); their buttons POST. A mail program's RFC 8058 one-click POST unsubscribes at once.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { requireBody, validate } from '../http/validate.js';
import { requireSite } from '../privacy/service.js';
import { ConfirmSubscriptionPage, MessagePage, UnsubscribePage } from '../render/reader-pages.js';
import { asPage, openLink, readForm } from './privacy.js';

const tokenParam = z.object({ token: z.string().max(1300) });

export function subscriptionRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const { now } = deps.service;

  app.use('/subscriptions/confirm/*', async (c, next) => {
    asPage(c, 'Confirm your subscription');
    await next();
  });
  app.use('/unsubscribe/*', async (c, next) => {
    asPage(c, 'Unsubscribe');
    await next();
  });

  app.get('/subscriptions/confirm/:token', validate('param', tokenParam), async (c) => {
    const { token } = c.req.valid('param');
    const link = await openLink(deps, token, 'confirm');
    const site = await requireSite(deps.readers(c).store, link.site);
    return c.html(<ConfirmSubscriptionPage lang={site.settings.language} action={`/subscriptions/confirm/${token}`} />);
  });

  app.post('/subscriptions/confirm/:token', validate('param', tokenParam), async (c) => {
    const link = await openLink(deps, c.req.valid('param').token, 'confirm');
    const { store } = deps.readers(c);
    const site = await requireSite(store, link.site);
    if (await store.isSuppressed(link.email)) {
      throw new AppError('forbidden', 'This address unsubscribed from everything, so it gets no mail from here.');
    }
    if (!(await store.confirmAddress(site.id, link.email, now()))) throw new AppError('not_found', 'There is nothing to confirm any more.');
    return c.html(<MessagePage lang={site.settings.language} title={(s) => s.confirmedTitle} message={(s) => s.confirmed} />);
  });

  app.get('/unsubscribe/:token', validate('param', tokenParam), async (c) => {
    const { token } = c.req.valid('param');
    const link = await openLink(deps, token, 'unsubscribe');
    const site = await requireSite(deps.readers(c).store, link.site);
    return c.html(<UnsubscribePage lang={site.settings.language} action={`/unsubscribe/${token}`} thread={link.subscriptionId !== null} />);
  });

  app.post('/unsubscribe/:token', validate('param', tokenParam), requireBody('form'), async (c) => {
    const link = await openLink(deps, c.req.valid('param').token, 'unsubscribe');
    const form = await readForm(c);
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    const scope = oneClick ? 'thread' : form.scope;
    if (scope !== 'thread' && scope !== 'all') {
      throw new AppError('validation_failed', 'Choose this thread or everything.', { fields: { scope: 'Choose thread or all.' } });
    }
    const { store } = deps.readers(c);
    const { language } = (await requireSite(store, link.site)).settings;
    // A link without a subscription (the "your comment was approved" mail) can only stop everything.
    if (scope === 'all' || link.subscriptionId === null) {
      await store.suppress(link.email, now());
      return c.html(<MessagePage lang={language} title={(s) => s.unsubscribeTitle} message={(s) => s.unsubscribedAll} />);
    }
    const subscription = await store.findSubscription(link.subscriptionId);
    // The link names its own address: it can only end a subscription of that address.
    if (subscription && subscription.email === link.email) await store.unsubscribe(subscription.id);
    return c.html(<MessagePage lang={language} title={(s) => s.unsubscribeTitle} message={(s) => s.unsubscribedThread} />);
  });

  return app;
}
