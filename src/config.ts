// The service's configuration: parsed once from the environment with zod, then passed around typed.
import { z } from 'zod';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  PARLEY_DB: z.string().min(1).default('./data/parley.db'),
  /** Server secret for avatar hashes and tokens. Generated and persisted beside the database when unset. */
  PARLEY_SECRET: z.string().min(16, 'PARLEY_SECRET must be at least 16 characters').optional(),
  /**
   * How many reverse proxies in front of Parley append to X-Forwarded-For. 0 (default) means
   * the header is ignored, because any client can send it.
   */
  PARLEY_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** Largest request body in bytes. */
  PARLEY_BODY_LIMIT: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  /** Whether to create the demo site and serve the demo article at `/`. */
  PARLEY_DEMO: booleanish.default(true),
  /** With PARLEY_ADMIN_PASSWORD: on start, create (or update) this moderator so a fresh install can be used at once. */
  PARLEY_ADMIN_EMAIL: z.email('PARLEY_ADMIN_EMAIL must be an email address').optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(8, 'PARLEY_ADMIN_PASSWORD must be at least 8 characters').optional(),
  PARLEY_ADMIN_NAME: z.string().min(1).max(100).default('Admin'),
  /** One log line per request to stdout. */
  PARLEY_LOG: booleanish.default(true),
  /** Memory for rendered threads and counts (Node entry), in MiB; 0 turns the cache off. */
  PARLEY_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  /** On SIGTERM (Node): how long requests in flight may take to finish before their connections are cut, in ms. */
  PARLEY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * How long the Node server keeps an idle keep-alive connection open, in seconds; clients are told 5 s
   * less. Keep it above the idle timeout of the reverse proxy in front (nginx and most load balancers: 60 s).
   */
  PARLEY_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(6).max(3600).default(65),
  /** Turns on GET /metrics (Node), for a scraper sending `Authorization: Bearer <this token>`. Unset: /metrics is a 404. */
  PARLEY_METRICS_TOKEN: z.string().min(16, 'PARLEY_METRICS_TOKEN must be at least 16 characters').max(1000).optional(),
  /** SMTP server for outgoing mail: `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS). Unset: no mail. */
  PARLEY_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'PARLEY_SMTP_URL is smtp://user:pass@host:port or smtps://user:pass@host:port')
    .optional(),
  /** The From of every mail: `parley@example.org` or `Example Comments <parley@example.org>`. */
  PARLEY_MAIL_FROM: z
    .string()
    .max(300)
    .regex(/^(?:[^<>\r\n"]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'PARLEY_MAIL_FROM is an address, or Name <address>')
    .optional(),
  /** Where Parley is reachable from a reader's mail program (links in mail); defaults to http://localhost:PORT. */
  PARLEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Wait before the first retry of a mail; later retries wait 5, 30, 120 and 360 times as long. */
  PARLEY_MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
  /** Attempts before a mail is given up on and shown as failed on the dashboard. */
  PARLEY_MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Akismet's REST endpoint (tests point it at a local server speaking Akismet's protocol). */
  PARLEY_AKISMET_URL: z.url({ protocol: /^https?$/ }).default('https://rest.akismet.com'),
  /** How long a new comment waits for Akismet's comment-check before Parley's own rules decide alone, in ms. */
  PARLEY_AKISMET_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  /** Let webhooks and the moderation hook call private, loopback and link-local addresses (tests, private networks). */
  PARLEY_ALLOW_PRIVATE_HOOKS: booleanish.default(false),
});

export type Config = z.infer<typeof configSchema>;

const adminPair = (c: { PARLEY_ADMIN_EMAIL?: string; PARLEY_ADMIN_PASSWORD?: string }) =>
  (c.PARLEY_ADMIN_EMAIL === undefined) === (c.PARLEY_ADMIN_PASSWORD === undefined);

/** Settings that do not parse: one plain sentence per problem, which the entries print without a stack. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema
    .refine(adminPair, { message: 'Set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD together', path: ['PARLEY_ADMIN_EMAIL'] })
    .safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (${describe(env, i.path)})`));
  }
  return result.data;
}

/** What was set, for the message: the value of a plain setting, never of a secret. */
function describe(env: Record<string, string | undefined>, path: PropertyKey[]): string {
  const name = String(path[0] ?? '');
  const value = env[name];
  if (value === undefined) return 'not set';
  if (/SECRET|PASSWORD|TOKEN/.test(name)) return `${value.length} character${value.length === 1 ? '' : 's'}`;
  return `it is ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
}
