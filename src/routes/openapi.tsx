// GET /api/openapi.json (the OpenAPI 3.1 description) and GET /api/docs (the same as a page, no script).
import { Hono } from 'hono';
import { etagMatches, etagOf } from '../http/etag.js';
import type { ApiDescription, AppEnv } from '../http/env.js';
import { openApiDocument } from '../openapi/index.js';
import { ApiDocsPage } from '../render/api-docs/page.js';
import { apiDocsCss } from '../render/api-docs/styles.js';
import { PAGE_CSP } from '../render/layout.js';

/** The document as JSON and as the reference page. */
export async function apiDescription(): Promise<ApiDescription> {
  const document = openApiDocument();
  return { json: JSON.stringify(document), page: String(await (<ApiDocsPage document={document} />)) };
}

/** `prebuilt`: as `npm run build` wrote it (the Worker); without it, built on the first request. */
export function openApiRoutes(prebuilt?: ApiDescription) {
  const app = new Hono<AppEnv>();
  let ready: Promise<ApiDescription & { etag: string }> | null = null;
  const description = () =>
    (ready ??= (async () => {
      const built = prebuilt ?? (await apiDescription());
      return { ...built, etag: etagOf(built.json) };
    })().catch((err: unknown) => {
      // Not kept: the next request tries again (and the error handler answers this one).
      ready = null;
      throw err;
    }));

  app.get('/api/openapi.json', async (c) => {
    const { json, etag } = await description();
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=300');
    // A description holds nothing private: any tool on any origin may read it.
    c.header('Access-Control-Allow-Origin', '*');
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.body(json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.get('/api/docs', async (c) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html((await description()).page);
  });

  app.get('/api/docs.css', (c) => c.body(apiDocsCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  return app;
}
