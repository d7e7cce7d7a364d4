// How long idle keep-alive connections stay open, and what clients are told about it.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * How much sooner than the server closes an idle connection clients are told it closes. A client
 * sends a request on an idle connection as late as it was told it may (undici: the Keep-Alive hint
 * less one second); on a busy machine the server may not read that request until seconds later, and
 * its idle timer runs before it reads. With Node's defaults (5 s, and `timeout=5` advertised) the
 * server then closed connections that had a request waiting, and the client saw ECONNRESET or
 * "other side closed" on a POST it could not safely repeat (docs/performance.md).
 */
const ADVERTISED_MARGIN_SECONDS = 5;

/** Sets the server's idle and header timeouts; returns what each keep-alive response must say. */
export function keepAlive(server: Server, seconds: number): (req: IncomingMessage, res: ServerResponse) => void {
  server.keepAliveTimeout = seconds * 1000;
  // Node's advice: headersTimeout above keepAliveTimeout, so an idle connection is never cut as a slow request.
  server.headersTimeout = seconds * 1000 + 1000;
  const header = `timeout=${Math.max(1, seconds - ADVERTISED_MARGIN_SECONDS)}`;
  // Setting Keep-Alive here keeps Node from advertising the full keepAliveTimeout itself.
  return (_req, res) => {
    if (res.shouldKeepAlive) res.setHeader('Keep-Alive', header);
  };
}
