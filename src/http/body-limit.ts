// The request body limit. Hono's bodyLimit looks at `request.body`, which on Node makes the adapter
// build a full Request (with an AbortSignal) for every request, GETs included; a declared
// Content-Length is checked here from the header instead, and only a chunked body is counted as it
// streams in.
//
// Either way a modestly oversized body is read to its end before the 413 goes out: a client that
// sends its whole body before reading the answer (fetch, over a real connection) only sees the 413 if
// the body was read. A server that answers first and leaves the rest unread closes the connection
// under the client's write (ECONNRESET, "other side closed"), on Node and on workerd alike; Hono's
// own streaming bodyLimit stops reading at the limit, so it is not used. A body far over the limit
// (over `maxSize * DRAIN_FACTOR`) is cut off instead of being read for nothing.
import type { MiddlewareHandler } from 'hono';

/** How far past the limit a body is still read (and thrown away) so that its client sees the 413. */
const DRAIN_FACTOR = 16;

export function requestBodyLimit(options: { maxSize: number; onError: () => never }): MiddlewareHandler {
  const { maxSize, onError } = options;
  const drainUpTo = maxSize * DRAIN_FACTOR;
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      // HTTP/1.1 framing reads exactly this many bytes as the body, so the header is the body's size.
      const declared = Number.parseInt(length, 10);
      if (declared > maxSize) {
        if (declared <= drainUpTo) await c.req.raw.arrayBuffer().catch(() => undefined);
        onError();
      }
      return next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      // A body the client broke off rejects here, as with Hono's bodyLimit: never handled half-read.
      const chunk = await reader.read();
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > drainUpTo) {
        await reader.cancel().catch(() => undefined);
        break;
      }
      // Past the limit the bytes are only read, not kept.
      if (size <= maxSize) chunks.push(chunk.value);
    }
    if (size > maxSize) onError();
    const whole = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      whole.set(chunk, at);
      at += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    return next();
  };
}
