// CORS for the public API: only the origins a site allows; moderation paths get no CORS headers.
import type { MiddlewareHandler } from 'hono';
import type { CommentStore } from '../store/types.js';
import type { AppEnv } from './env.js';

/** What a public response adds for an origin its site allows: the widget reads when to try again after a 429, and the thread's ETag. */
export function allowedOriginHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After, ETag' };
}

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
// X-Parley-Reader: the widget's random reader id (reports and reactions).
const ALLOW_HEADERS = 'Content-Type, X-Edit-Token, X-Parley-Reader';

export function publicCors(store: CommentStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (c.req.method === 'OPTIONS') {
      // A preflight names no site, so any site's origin may ask; the real response is checked per site.
      const allowed = origin !== undefined && (await store.allOrigins()).includes(origin);
      c.header('Vary', 'Origin');
      if (!allowed) return c.body(null, 204);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
      });
    }
    await next();
    c.res.headers.append('Vary', 'Origin');
    if (!origin) return;
    const slug = c.get('siteSlug');
    const known = c.get('site');
    const site = known?.slug === slug ? known : slug ? await store.getSite(slug).catch(() => null) : null;
    const allowed = site ? site.settings.origins : await store.allOrigins().catch(() => []);
    if (allowed.includes(origin)) {
      for (const [name, value] of Object.entries(allowedOriginHeaders(origin))) c.res.headers.set(name, value);
    }
  };
}
