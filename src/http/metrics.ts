// What the app reports to a metrics collector, and how it asks for the exposition. Only the Node entry
// injects one (src/node/metrics.ts, prom-client); the Worker has none, so its bundle holds no
// prom-client and GET /metrics is not served there.

export interface Metrics {
  /**
   * One answered request: its method (one of the standard ones, else `OTHER`), the matched route
   * *pattern* (never the raw path, which a client controls), status and duration. Called on every
   * request: it must stay cheap.
   */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** The Prometheus text exposition of everything collected, gathered now. */
  render(): Promise<{ contentType: string; body: string }>;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A method as a label: a client can send any token as its method, and labels must stay few. */
export const methodLabel = (method: string) => (METHODS.has(method) ? method : 'OTHER');
