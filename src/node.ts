// Node entry: configuration → SQLite file (migrated) → the same createApp as everywhere → HTTP.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.js';
import { ResponseCache } from './cache/response-cache.js';
import { parseConfig, type Config } from './config.js';
import { ensureDemoSite } from './demo.js';
import { hashPassword } from './moderation/password.js';
import { webhookDelivery } from './moderation/webhooks.js';
import { nodeOutboundFetch } from './node/outbound-fetch.js';
import { outbound } from './spam/outbound.js';
import { runRetention } from './privacy/retention.js';
import { mailerFromConfig } from './mail/setup.js';
import { loadAssets } from './node/assets.js';
import { keepAlive } from './node/keep-alive.js';
import { nodeHashing } from './node/hashing.js';
import { batchedLog } from './node/request-log.js';
import { startCheckpointer } from './node/checkpointer.js';
import { openDatabase } from './node/database.js';
import { appliedMigrations } from './node/migrations.js';
import { nodeMetrics } from './node/metrics.js';
import { loadSecret } from './node/secret.js';
import { stopGracefully } from './node/shutdown.js';
import { exitWithProblems, startupProblems } from './node/startup.js';
import { nodemailerTransport } from './node/smtp.js';

/** Runs one start-up step; a failure is printed as plain lines (no stack) and exits with status 1. */
function step<T>(setting: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (err) {
    return exitWithProblems(startupProblems(err, setting));
  }
}

const config: Config = step(undefined, () => parseConfig(process.env));
const database = step(`PARLEY_DB (${config.PARLEY_DB})`, () => openDatabase(config.PARLEY_DB));
const { store } = database;
// WAL checkpoints on a thread of their own, off the requests' path (node/checkpointer.ts).
const checkpointer = startCheckpointer(config.PARLEY_DB, database.sqlite, { log: (line) => console.log(line) });
const secret = step(`PARLEY_DB (${config.PARLEY_DB})`, () => loadSecret(config.PARLEY_SECRET, config.PARLEY_DB));
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

// Webhooks and moderation hooks connect only to the public addresses their names resolve to. One set
// of outbound calls and one webhook sender serve both the requests and the retry timer below.
const calls = outbound(config, undefined, nodeOutboundFetch(config.PARLEY_ALLOW_PRIVATE_HOOKS));
const webhooks = webhookDelivery({ store, now: Date.now, fetch: calls.fetch, spam: calls.spam });
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
  migrations: async () => appliedMigrations(database.sqlite),
  mailer: mailer ?? undefined,
  // Off (no per-request cost, no prom-client timers) unless a scraper's token is set.
  metrics: config.PARLEY_METRICS_TOKEN ? nodeMetrics({ sqlite: database.sqlite, dbFile: config.PARLEY_DB, cache }) : undefined,
  outbound: calls,
  webhooks,
});

// Webhook retries: events that failed wait in the outbox until they are due again.
const retries = setInterval(() => void webhooks.deliverDue().catch(() => undefined), 5000);
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

// `npm run bench -- --posting` reads how many comments each group commit carried (one line at exit).
if (process.env.PARLEY_BENCH_STATS === '1') {
  process.on('exit', () => process.stderr.write(`group commits ${JSON.stringify(Object.fromEntries(store.groupCommits))}\n`));
}

let stopping = () => false;
const listener = getRequestListener(app.fetch, { hostname: config.HOST });
const server = createServer();
const advertiseKeepAlive = keepAlive(server, config.PARLEY_KEEP_ALIVE_SECONDS);
server.on('request', (req: IncomingMessage, res: ServerResponse) => {
  // While stopping, each answer closes its connection, so no client sends another request on it.
  if (stopping()) res.setHeader('Connection', 'close');
  else advertiseKeepAlive(req, res);
  void listener(req, res);
});
const cannotListen = (err: Error) => exitWithProblems(startupProblems(err, `PORT ${config.PORT} on HOST ${config.HOST}`));
server.once('error', cannotListen);
server.listen(config.PORT, config.HOST, () => {
  server.off('error', cannotListen);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(`Parley listening on http://localhost:${port}/ (database ${config.PARLEY_DB})`);
});

({ stopping } = stopGracefully({
  server,
  sqlite: database.sqlite,
  graceMs: config.PARLEY_SHUTDOWN_GRACE_MS,
  stopBackground: () => {
    clearInterval(retries);
    clearInterval(retentionTimer);
    if (mailTimer) clearInterval(mailTimer);
  },
  stopThreads: async () => {
    const stats = await checkpointer?.stop();
    if (process.env.PARLEY_BENCH_STATS === '1' && stats) process.stderr.write(`checkpoints ${JSON.stringify(stats)}\n`);
  },
  flushLog: requestLog.flush,
  log: (line) => console.log(line),
}));
