// Node entry: configuration → SQLite file (migrated) → the same createApp as everywhere → HTTP.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.js';
import { ResponseCache } from './cache/response-cache.js';
import { parseConfig } from './config.js';
import { ensureDemoSite } from './demo.js';
import { hashPassword } from './moderation/password.js';
import { deliverDue } from './moderation/webhooks.js';
import { runRetention } from './privacy/retention.js';
import { mailerFromConfig } from './mail/setup.js';
import { loadAssets } from './node/assets.js';
import { nodeHashing } from './node/hashing.js';
import { batchedLog } from './node/request-log.js';
import { openDatabase } from './node/database.js';
import { loadSecret } from './node/secret.js';
import { nodemailerTransport } from './node/smtp.js';

const config = parseConfig(process.env);
const database = openDatabase(config.PARLEY_DB);
const { store } = database;
const secret = loadSecret(config.PARLEY_SECRET, config.PARLEY_DB);
if (config.PARLEY_DEMO) await ensureDemoSite(store, config.PORT, Date.now());
if (config.PARLEY_ADMIN_EMAIL && config.PARLEY_ADMIN_PASSWORD) {
  const hash = await hashPassword(config.PARLEY_ADMIN_PASSWORD);
  const { created } = await store.upsertModerator(config.PARLEY_ADMIN_EMAIL, config.PARLEY_ADMIN_NAME, hash, Date.now());
  console.log(`Moderator ${config.PARLEY_ADMIN_EMAIL} ${created ? 'created' : 'updated'} from PARLEY_ADMIN_EMAIL.`);
}

// Rendered threads and counts stay in memory; writes from other processes are noticed through data_version.
const cache =
  config.PARLEY_CACHE_MB > 0
    ? new ResponseCache({ maxBytes: config.PARLEY_CACHE_MB * 1024 * 1024, now: Date.now, externalVersion: database.dataVersion })
    : undefined;

const mailer = mailerFromConfig({ config, store, secret, now: Date.now, log: (line) => console.log(line), transport: nodemailerTransport });

const requestLog = batchedLog();
const app = createApp({
  store,
  log: requestLog.log,
  cache,
  hashing: nodeHashing,
  config,
  secret,
  assets: loadAssets(),
  socketAddress: (c) => getConnInfo(c).remote.address ?? null,
  mailer: mailer ?? undefined,
});

// Webhook retries: events that failed wait in the outbox until they are due again.
const retries = setInterval(() => void deliverDue({ store, now: Date.now, fetch }).catch(() => undefined), 5000);
retries.unref();

// Retention (forget IPs, empty spam and trash, per the sites' settings): at start, then hourly.
const retention = () => void runRetention({ store, now: Date.now }).catch((err: unknown) => console.log(`retention failed: ${err instanceof Error ? err.message : 'unknown'}`));
retention();
const retentionTimer = setInterval(retention, 3_600_000);
retentionTimer.unref();
// Mail: digests that are due, and retries of mail that failed (a request's own mail goes at once).
const mailTimer = mailer
  ? setInterval(() => void mailer.kick(), Math.min(5000, config.PARLEY_MAIL_RETRY_SECONDS * 1000))
  : null;
mailTimer?.unref();

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.log(`Parley listening on http://localhost:${info.port}/ (database ${config.PARLEY_DB})`);
});

function shutdown() {
  clearInterval(retries);
  clearInterval(retentionTimer);
  if (mailTimer) clearInterval(mailTimer);
  server.close(() => {
    database.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
