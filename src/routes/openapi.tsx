// GET /api/openapi.json (the OpenAPI 3.1 description) and GET /api/docs (the same as a page, no script).
import { Hono } from 'hono';
import { etagMatches, etagOf } from '../http/etag.js';
import type { AppEnv } from '../http/env.js';
import { openApiDocument } from '../openapi/index.js';
import { ApiDocsPage } from '../render/api-docs/page.js';
import { apiDocsCss } from '../render/api-docs/styles.js';
import { PAGE_CSP } from '../render/layout.js';

export function openApiRoutes() {
  const app = new Hono<AppEnv>();
  let json: { body: string; etag: string } | null = null;
  let page: string | null = null;

  app.get('/api/openapi.json', (c) => {
    json ??= (() => {
      const body = JSON.stringify(openApiDocument());
      return { body, etag: etagOf(body) };
    })();
    c.header('ETag', json.etag);
    c.header('Cache-Control', 'public, max-age=300');
    // A description holds nothing private: any tool on any origin may read it.
    c.header('Access-Control-Allow-Origin', '*');
    if (etagMatches(c.req.header('If-None-Match'), json.etag)) return c.body(null, 304);
    return c.body(json.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.get('/api/docs', async (c) => {
    page ??= String(await (<ApiDocsPage document={openApiDocument()} />));
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(page);
  });

  app.get('/api/docs.css', (c) => c.body(apiDocsCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  return app;
}
