// What the Hono app is built from, and the per-request variables its middleware share.
import type { Context } from 'hono';
import type { ServiceDeps } from '../comments/service.js';
import type { Assets } from '../assets.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { Hashing } from '../comments/crypto.js';
import type { Config } from '../config.js';
import type { AppliedMigrations } from '../db/migrations.js';
import type { AuthDeps, Authenticated } from '../moderation/auth.js';
import type { ModerationDeps } from '../moderation/service.js';
import type { WebhookDelivery } from '../moderation/webhooks.js';
import type { Outbound } from '../spam/outbound.js';
import type { Metrics } from './metrics.js';
import type { MailHooks } from '../mail/hooks.js';
import type { Mailer } from '../mail/mailer.js';
import type { NewMail, Site, Store } from '../store/types.js';
import type { SubscribeDeps } from '../readers/subscribe.js';

/** GET /api/openapi.json's body and GET /api/docs's page, as built ahead of time. */
export interface ApiDescription {
  json: string;
  page: string;
}

export interface AppDeps {
  store: Store;
  config: Config;
  secret: string;
  /** Milliseconds since the epoch; injected so tests control time. */
  clock?: () => number;
  /** The peer address of the connection, from the runtime (Node socket, Workers' CF-Connecting-IP). */
  socketAddress?: (c: Context) => string | null;
  /** Where request log lines go. */
  log?: (line: string) => void;
  /** How webhooks, the moderation hook and Akismet are called (tests pass a fetch that records). */
  fetch?: typeof fetch;
  /**
   * The runtime's fetch for addresses moderators configure, checking every address a name resolves
   * to (Node: node/outbound-fetch.ts); the URL's own host is checked on every runtime anyway.
   */
  outboundFetch?: typeof fetch;
  /** The outbound calls already built from `fetch` and `outboundFetch`, when the entry needs them too (Node's retry timer). */
  outbound?: Outbound;
  /** The process's webhook sender, when the entry also runs it on a timer (so one event is never sent twice at once). */
  webhooks?: WebhookDelivery;
  /** Waits before answering a suspicious sign-in; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** The bundled browser scripts (widget.js, count.js, admin.js). */
  assets?: Assets;
  /** The OpenAPI document and its page, built by `npm run build` (Workers: building them per isolate costs too much CPU); else built on first request. */
  apiDescription?: ApiDescription;
  /**
   * Rendered threads and counts kept in memory (the Node entry passes one). createApp then wraps the
   * store so that every write invalidates what it changes. Leave it out where many isolates share a
   * database without telling each other (Workers).
   */
  cache?: ResponseCache;
  /** Keyed hashes for the comment path (the Node entry passes node:crypto's); WebCrypto when left out. */
  hashing?: Hashing;
  /** The database's record of applied migrations, for GET /readyz (each entry reads its own database). */
  migrations?: () => Promise<AppliedMigrations>;
  /** The mail outbox's sender around the runtime's MailTransport; left out when mail is off (no SMTP settings). */
  mailer?: Mailer;
  /** Request metrics and GET /metrics (the Node entry passes one when PARLEY_METRICS_TOKEN is set). */
  metrics?: Metrics;
}

export interface ErrorPageInfo {
  /** A link back to the article; only ever an allowed origin's URL. */
  backUrl: string | null;
  /** The page's heading and title, when it is not the comment form's. */
  heading?: string;
}

export type AppEnv = {
  Variables: {
    /** The site a public request is about, once known (for CORS on the response). */
    siteSlug: string;
    /** That site, when the route has read it already (CORS uses it instead of reading it again). */
    site: Site;
    /** Set by routes that answer errors with an HTML page instead of JSON. */
    errorPage: ErrorPageInfo;
    /** The signed-in moderator or API token, on /api/admin/*. */
    auth: Authenticated;
  };
};

export type AppContext = Context<AppEnv>;

export interface RouteDeps {
  service: ServiceDeps;
  auth: AuthDeps;
  config: Config;
  clientIp: (c: Context) => string | null;
  /** Moderation dependencies for this request (webhook delivery runs after its response). */
  moderation: (c: Context) => ModerationDeps;
  cache?: ResponseCache;
  /** Readers' mail (subscriptions, privacy links) for this request; `publicUrl` null when mail is off. */
  readers: (c: Context) => SubscribeDeps & { onMail: () => void };
  /** Null when mail is off. */
  mailer: Mailer | null;
  /** The mail of each event (add a hook to hear of new comments or status changes); run only when mail is on. */
  mailHooks: MailHooks;
  /**
   * Mail that belongs to no comment event (e.g. a confirmation): written to the outbox now and sent
   * after the response. Does nothing when mail is off.
   */
  enqueueMail: (c: Context, mails: NewMail[]) => Promise<void>;
}
