// Public GET responses rendered once into bytes (with their ETag), so that a ResponseCache can keep
// and serve them; without a cache they are rendered per request exactly the same way.
import type { Context, MiddlewareHandler } from 'hono';
import { cacheTags } from '../cache/invalidating-store.js';
import type { RenderedResponse, ResponseCache } from '../cache/response-cache.js';
import type { ThreadQuery } from '../comments/input.js';
import type { Site } from '../store/types.js';
import { getCounts, loadThread, type Thread } from '../comments/reads.js';
import type { ServiceDeps } from '../comments/service.js';
import { BodyBuilder, commentsJson } from './thread-json.js';
import type { AppEnv } from './env.js';
import { etagMatches } from './etag.js';

const encoder = new TextEncoder();

/** `onSite`: told the site read (the route keeps it for CORS, which would otherwise read it again). */
export async function renderThread(service: ServiceDeps, query: ThreadQuery, onSite?: (site: Site) => void): Promise<RenderedResponse> {
  const loaded = await loadThread(service, query);
  onSite?.(loaded.site);
  const { body, digest } = threadBody(loaded.thread);
  // The digest stands for the body (each comment's fragment by its hash): the same validator as hashing 80 kB.
  const etag = `W/"${digest}-${body.length.toString(36)}"`;
  const tags = [cacheTags.article(loaded.siteId, query.article)];
  if (loaded.articleId !== null) tags.push(cacheTags.articleId(loaded.articleId));
  return {
    body,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' },
    etag,
    site: query.site,
    origins: loaded.site.settings.origins,
    tags,
    expiresAt: loaded.closesAt,
  };
}

/** JSON.stringify(thread) in UTF-8, with the comments joined from their fragments (src/http/thread-json.ts), and its digest. */
export function threadBody(thread: Thread): { body: Uint8Array<ArrayBuffer>; digest: string } {
  const out = new BodyBuilder();
  out.text(`{"article":${JSON.stringify(thread.article)},"comments":`);
  commentsJson(thread.comments, out);
  const target = thread.target === undefined ? '' : `,"target":${JSON.stringify(thread.target)}`;
  out.text(`,"nextCursor":${JSON.stringify(thread.nextCursor)}${target}}`);
  return out.finish();
}

/** The same as a string (tests compare it with JSON.stringify). */
export function threadJson(thread: Thread): { json: string; digest: string } {
  const { body, digest } = threadBody(thread);
  return { json: new TextDecoder().decode(body), digest };
}

export async function renderCounts(service: ServiceDeps, site: string, keys: string[], onSite?: (site: Site) => void): Promise<RenderedResponse> {
  let origins: readonly string[] = [];
  const json = JSON.stringify({
    counts: await getCounts(service, site, keys, (read) => {
      origins = read.settings.origins;
      onSite?.(read);
    }),
  });
  return {
    body: encoder.encode(json),
    headers: { 'Content-Type': 'application/json' },
    etag: null,
    site,
    origins,
    tags: [cacheTags.counts],
    expiresAt: null,
  };
}

/** The request's cache key: its whole URL, so a hit needs no parsing or validation. */
const keyOf = (c: Context) => c.req.url;

/** Answers from the cache when it has this exact request's response; otherwise on to validation. */
export function fromCache(cache: ResponseCache | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const hit = cache?.get(keyOf(c));
    if (!hit) return next();
    c.set('siteSlug', hit.site);
    return respond(c, hit);
  };
}

/** Renders through the cache when there is one. */
export function rendered(
  c: Context<AppEnv>,
  cache: ResponseCache | undefined,
  render: () => Promise<RenderedResponse>,
): Promise<RenderedResponse> {
  return cache ? cache.getOrRender(keyOf(c), render) : render();
}

export function respond(c: Context<AppEnv>, response: RenderedResponse): Response {
  if (response.etag !== null && etagMatches(c.req.header('If-None-Match'), response.etag)) {
    return c.body(null, 304, { ETag: response.etag, 'Cache-Control': response.headers['Cache-Control'] ?? 'no-cache' });
  }
  return c.body(response.body, 200, response.headers);
}
