// Spam services on the moderation API: check an Akismet key (the settings page's "Check the key").
import { Hono } from 'hono';
import { z } from 'zod';
import { akismetKeySchema } from '../../comments/settings.js';
import { AppError } from '../../errors.js';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { validate } from '../../http/validate.js';
import { siteParamSchema } from '../../moderation/input.js';
import { blogOf } from '../../spam/services.js';

/** A key typed on the form but not saved yet may be checked; without one, the stored key is. */
export const akismetVerifySchema = z.object({ key: akismetKeySchema.optional() }).strict();

export function adminSpamRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.post('/api/admin/sites/:site/akismet/verify', validate('param', siteParamSchema), async (c) => {
    const raw = (await c.req.text()).trim();
    let body: unknown = {};
    try {
      body = raw === '' ? {} : JSON.parse(raw);
    } catch {
      throw new AppError('bad_request', 'The request body is not valid JSON.');
    }
    const parsed = akismetVerifySchema.safeParse(body);
    if (!parsed.success) throw new AppError('validation_failed', 'An Akismet key is 8 to 64 letters and digits.', { fields: { key: 'An Akismet key is 8 to 64 letters and digits.' } });
    const moderation = deps.moderation(c);
    const site = await moderation.store.getSite(c.req.valid('param').site);
    if (!site) throw new AppError('not_found', 'There is no such site.');
    const key = parsed.data.key ?? site.settings.akismetKey;
    if (!key) throw new AppError('validation_failed', 'The site has no Akismet key: enter one.', { fields: { key: 'Enter an Akismet key.' } });
    if (!moderation.spam) throw new AppError('internal_error', 'Akismet is not set up here.');
    // `unreachable`: Akismet did not answer (timeout, 5xx), so nothing is known of the key.
    const result = await moderation.spam.verifyKey(key, blogOf(site, null));
    return c.json({ key: result === 'error' ? 'unreachable' : result });
  });

  return app;
}
