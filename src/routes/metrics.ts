// GET /metrics: Prometheus' text format, for a scraper holding PARLEY_METRICS_TOKEN as its bearer token.
// Mounted only when the entry injects a Metrics (Node) and the token is set: otherwise it is a 404.
import { Hono } from 'hono';
import { timingSafeEqual } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import type { Metrics } from '../http/metrics.js';

/** SHA-256 of the text as hex: comparing digests takes the same time whatever the lengths. */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function metricsRoutes(metrics: Metrics, token: string) {
  const app = new Hono<AppEnv>();
  const expected = digest(token);
  app.get('/metrics', async (c) => {
    const header = c.req.header('Authorization') ?? '';
    const sent = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!timingSafeEqual(await digest(sent), await expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('unauthorized', 'The metrics need the bearer token set in PARLEY_METRICS_TOKEN.');
    }
    const { contentType, body } = await metrics.render();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
