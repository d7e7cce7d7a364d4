// Workers entry: the D1 store from env.DB, the same createApp as on Node. Thin on purpose.
import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { drizzle } from 'drizzle-orm/d1';
import type { Hono } from 'hono';
import bundled from '../dist/assets/manifest.json';
import apiDescription from '../dist/assets/api-description.json';
import { createApp } from './app.js';
import type { Assets } from './assets.js';
import { randomToken } from './comments/crypto.js';
import { parseConfig, type Config } from './config.js';
import type { AppEnv } from './http/env.js';
import { hashPassword } from './moderation/password.js';
import { deliverDue } from './moderation/webhooks.js';
import { outbound } from './spam/outbound.js';
import { runRetention } from './privacy/retention.js';
import type { Mailer } from './mail/mailer.js';
import { mailerFromConfig } from './mail/setup.js';
import { D1Store } from './store/d1-moderation.js';
import { appliedD1Migrations } from './store/d1-migrations.js';
import { workerMailerTransport } from './workers/smtp.js';

export interface Env {
  DB: D1Database;
  [variable: string]: unknown;
}

/** Set per request from X-Parley-Test-Now, only when PARLEY_TEST_CLOCK is on (the test suites' clock). */
let testNow: number | null = null;

let ready: Promise<{ app: Hono<AppEnv>; store: D1Store; config: Config; mailer: Mailer | null }> | null = null;

async function start(env: Env) {
  const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const config = parseConfig(vars);
  const store = new D1Store(drizzle(env.DB as unknown as Parameters<typeof drizzle>[0]), env.DB);
  // No disk here: a secret that is not set with `wrangler secret put` is generated once and kept in D1.
  const secret = config.PARLEY_SECRET ?? (await store.getOrCreateSecret(randomToken()));
  if (config.PARLEY_ADMIN_EMAIL && config.PARLEY_ADMIN_PASSWORD) {
    await store.upsertModerator(config.PARLEY_ADMIN_EMAIL, config.PARLEY_ADMIN_NAME, await hashPassword(config.PARLEY_ADMIN_PASSWORD), Date.now());
  }
  const clock = () => testNow ?? Date.now();
  const mailer = mailerFromConfig({ config, store, secret, now: clock, log: (line) => console.log(line), transport: workerMailerTransport });
  const app = createApp({
    store,
    config,
    secret,
    mailer: mailer ?? undefined,
    assets: bundled as Assets,
    apiDescription,
    clock,
    socketAddress: (c) => c.req.header('CF-Connecting-IP') ?? null,
    migrations: () => appliedD1Migrations(env.DB),
    // Under the test clock time passes only when a test says so, so the sign-in throttle's waits are
    // not waited (on Node the suites record them instead; the 401s and the 429 lock-out still hold).
    ...(env.PARLEY_TEST_CLOCK === '1' ? { sleep: async () => undefined } : {}),
  });
  return { app, store, config, mailer };
}

function boot(env: Env) {
  ready ??= start(env).catch((err: unknown) => {
    ready = null;
    throw err;
  });
  return ready;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { app } = await boot(env);
    if (env.PARLEY_TEST_CLOCK === '1') {
      const now = Number(request.headers.get('X-Parley-Test-Now'));
      testNow = Number.isFinite(now) && now > 0 ? now : null;
    }
    return app.fetch(request, env, ctx);
  },

  /** A cron trigger retries webhook deliveries and mail that are due, sends moderators' digests, and runs retention. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const { store, mailer, config } = await boot(env);
    const calls = outbound(config);
    ctx.waitUntil(deliverDue({ store, now: Date.now, fetch: calls.fetch, spam: calls.spam }));
    // The cron fires every minute (for retries); retention needs only one run an hour.
    if (new Date(controller.scheduledTime).getUTCMinutes() === 0) ctx.waitUntil(runRetention({ store, now: Date.now }));
    if (mailer) ctx.waitUntil(mailer.kick());
    ctx.waitUntil(store.indexSearch());
  },
};
