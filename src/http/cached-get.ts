// Cached public GETs answered before the router. A warm thread or counts GET is a lookup and a copy,
// but going through Hono costs more than the lookup: the context, the router (220 routes on a trie,
// as RegExpRouter refuses `/x/bulk` beside `/x/:id`) and three middleware layers, each of which
// touched the response's headers. Bare node:http served the counts' 1.1 kB twice as fast as that.
//
// Only an exact hit is answered here: the same URL (the cache's key, as `fromCache` in rendered.ts
// uses it) was routed, validated and rendered by the app before, so the answer is the one the app
// would give now. It gets the same headers in the same order as through the app (the test
// test/cached-get.test.ts compares them): the rendered ones, `Vary: Origin`, CORS for an origin the
// site allowed, the security headers; an If-None-Match that matches gets the 304 the app sends. Any
// other request (a miss, another method or path, a body) goes to the app untouched.
import type { RenderedResponse, ResponseCache } from '../cache/response-cache.js';
import { allowedOriginHeaders } from './cors.js';
import { etagMatches } from './etag.js';
import { SECURITY_HEADERS, type RequestDone } from './security-headers.js';

/** The routes whose responses the cache keeps (src/routes/public.ts), by path. */
const CACHED_ROUTES = new Set(['/api/comments', '/api/counts']);

/** The path of an absolute request URL (up to its query), or null when it has none. */
function pathOf(url: string): string | null {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return null;
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/** The headers of a hit's 200 for a request whose origin gets no CORS headers, made once per hit. */
const plainHeaders = new WeakMap<RenderedResponse, Record<string, string>>();

/**
 * The status and headers of a cache hit: what the app's middlewares add to `respond` (rendered.ts).
 * The object may be shared between responses: nothing downstream writes to it.
 */
export function cachedHeaders(hit: RenderedResponse, origin: string | null, ifNoneMatch: string | null): { status: 200 | 304; headers: Record<string, string> } {
  const notModified = hit.etag !== null && etagMatches(ifNoneMatch ?? undefined, hit.etag);
  const allowed = origin !== null && hit.origins.includes(origin);
  if (!notModified && !allowed) {
    let headers = plainHeaders.get(hit);
    if (headers === undefined) {
      headers = { ...hit.headers, Vary: 'Origin', ...SECURITY_HEADERS };
      plainHeaders.set(hit, headers);
    }
    return { status: 200, headers };
  }
  const headers: Record<string, string> = notModified
    ? { ETag: hit.etag ?? '', 'Cache-Control': hit.headers['Cache-Control'] ?? 'no-cache' }
    : { ...hit.headers };
  headers.Vary = 'Origin';
  if (allowed) Object.assign(headers, allowedOriginHeaders(origin));
  Object.assign(headers, SECURITY_HEADERS);
  return { status: notModified ? 304 : 200, headers };
}

export function cachedGets(cache: ResponseCache, done: RequestDone): (request: Request) => Response | undefined {
  return (request) => {
    if (request.method !== 'GET') return undefined;
    const start = performance.now();
    const { url } = request;
    const route = pathOf(url);
    if (route === null || !CACHED_ROUTES.has(route)) return undefined;
    const { headers } = request;
    // A GET with a body is left to the app (its body limit and validation); an empty one is no body.
    const length = headers.get('content-length');
    if ((length !== null && length !== '0') || headers.get('transfer-encoding') !== null) return undefined;
    let hit: RenderedResponse | undefined;
    try {
      hit = cache.get(url);
    } catch {
      // The external-version check reads SQLite: if that fails, the app answers (and logs) the error.
      return undefined;
    }
    if (!hit) return undefined;
    const answer = cachedHeaders(hit, headers.get('origin'), headers.get('if-none-match'));
    const response = new Response(answer.status === 304 ? null : hit.body, answer);
    done('GET', route, answer.status, performance.now() - start);
    return response;
  };
}
