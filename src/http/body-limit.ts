// The request body limit. Hono's bodyLimit looks at `request.body`, which on Node makes the adapter
// build a full Request (with an AbortSignal) for every request, GETs included; a declared
// Content-Length is checked here from the header instead, and only a chunked body is counted as it
// streams in.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function requestBodyLimit(options: { maxSize: number; onError: () => never }): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize: options.maxSize, onError: options.onError });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      // HTTP/1.1 framing reads exactly this many bytes as the body, so the header is the body's size.
      const declared = Number.parseInt(length, 10);
      if (declared > options.maxSize) {
        // A client that sends its whole body before reading the answer (fetch, over a real
        // connection) only sees the 413 if the body was read; a body far over the limit is cut off.
        if (declared <= options.maxSize * 16) await c.req.raw.arrayBuffer().catch(() => undefined);
        options.onError();
      }
      return next();
    }
    return streamed(c, next);
  };
}
