// Node entry: configuration → SQLite file (migrated) → the same createApp as everywhere → HTTP.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.js';
import { parseConfig } from './config.js';
import { ensureDemoSite } from './demo.js';
import { openDatabase } from './node/database.js';
import { loadSecret } from './node/secret.js';

const config = parseConfig(process.env);
const database = openDatabase(config.PARLEY_DB);
const secret = loadSecret(config.PARLEY_SECRET, config.PARLEY_DB);
if (config.PARLEY_DEMO) await ensureDemoSite(database.store, config.PORT, Date.now());

const app = createApp({
  store: database.store,
  config,
  secret,
  socketAddress: (c) => getConnInfo(c).remote.address ?? null,
});

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.log(`Parley listening on http://localhost:${info.port}/ (database ${config.PARLEY_DB})`);
});

function shutdown() {
  server.close(() => {
    database.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
