// GET /widget.js, /count.js, /admin.js: the bundled browser scripts, with long caching and an ETag.
import { Hono } from 'hono';
import { assetNames, type Assets } from '../assets.js';
import { AppError } from '../errors.js';
import { etagMatches, etagOf } from '../http/etag.js';
import type { AppEnv } from '../http/env.js';

export function assetRoutes(assets: Assets) {
  const app = new Hono<AppEnv>();
  for (const name of assetNames) {
    const body = assets[name];
    const etag = body === undefined ? '' : etagOf(body);
    app.get(`/${name}`, (c) => {
      if (body === undefined) throw new AppError('not_found', `${name} has not been built (npm run build).`);
      c.header('ETag', etag);
      // Embedding pages load the same URL for every version, so revalidate daily; the ETag makes that cheap.
      c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
      c.header('Access-Control-Allow-Origin', '*');
      if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
      return c.body(body, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    });
  }
  return app;
}
