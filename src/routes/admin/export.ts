// GET /api/admin/sites/{site}/export: the whole site as a file, streamed (moderators only, audited).
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { exportFormatSchema, siteExport } from '../../exports/export.js';
import type { AppEnv, RouteDeps } from '../../http/env.js';
import { textStream } from '../../http/text-stream.js';
import { validate } from '../../http/validate.js';
import { siteParamSchema } from '../../moderation/input.js';

export const exportQuerySchema = z.object({ format: exportFormatSchema.default('parley') });

export function adminExportRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/admin/sites/:site/export', validate('param', siteParamSchema), validate('query', exportQuerySchema), async (c) => {
    const { store, now } = deps.moderation(c);
    const site = await store.getSite(c.req.valid('param').site);
    if (!site) throw new AppError('not_found', 'There is no such site.');
    const { format } = c.req.valid('query');
    const at = now();
    // Audited when it starts: the file holds every email, so who took it matters even if the download breaks off.
    await store.recordAudit({ actor: c.var.auth.actor, action: 'site.exported', detail: { format }, at, commentId: null, siteId: site.id });
    const file = siteExport(store, site, format, at);
    return c.body(textStream(file.chunks), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
    });
  });

  return app;
}
