// GET /widget/strings/{lang}.json: the widget's string table for one language (English is built into
// widget.js). Public and the same for every site, so any origin may read it; cached like the scripts.
import { Hono } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { etagMatches, etagOf } from '../http/etag.js';
import { translations } from '../widget/strings/index.js';

export function widgetStringRoutes() {
  const app = new Hono<AppEnv>();
  const bodies = new Map([...translations].map(([lang, table]) => [`${lang}.json`, JSON.stringify(table)]));

  app.get('/widget/strings/:file', (c) => {
    // Also on the 404, so that the widget can read it and fall back to English without a CORS error.
    c.header('Access-Control-Allow-Origin', '*');
    const body = bodies.get(c.req.param('file'));
    if (body === undefined) throw new AppError('not_found', 'The widget has no strings in that language.');
    const etag = etagOf(body);
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  return app;
}
