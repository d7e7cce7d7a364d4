// The headers every response gets, whichever way it was made (src/app.ts, src/http/cached-get.ts).
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** What the request log and the metrics hear of each request: the route pattern, never the raw path. */
export type RequestDone = (method: string, route: string, status: number, ms: number) => void;
