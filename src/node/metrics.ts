// The Node server's metrics (prom-client), served at GET /metrics when PARLEY_METRICS_TOKEN is set.
// Per request there is one histogram observation (its labelled child looked up in a Map); everything
// else — queue sizes, outbox backlogs, cache counters, file sizes — is read when Prometheus scrapes.
// No label holds anything a client sent: routes are Hono's matched patterns, methods a fixed set.
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResponseCache } from '../cache/response-cache.js';
import { methodLabel, type Metrics } from '../http/metrics.js';

export interface NodeMetricsDeps {
  sqlite: Database.Database;
  /** PARLEY_DB: its size and its WAL's are reported. */
  dbFile: string;
  cache?: ResponseCache;
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0; // No WAL file (yet): nothing waits to be checkpointed.
  }
};

export function nodeMetrics(deps: NodeMetricsDeps): Metrics {
  const registry = new Registry();
  const registers = [registry];
  // process_*, nodejs_* (event-loop lag, heap, GC, handles) as prom-client names them.
  collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time to answer a request, by method, matched route pattern and status (its _count counts requests).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  type Child = ReturnType<typeof duration.labels>;
  const children = new Map<string, Child>();

  const count = (sql: string) => {
    const statement = deps.sqlite.prepare(sql).pluck();
    return () => Number(statement.get());
  };
  const pending = count("select count(*) from comments where status = 'pending'");
  new Gauge({
    name: 'parley_comments_pending',
    help: 'Comments held for moderation.',
    registers,
    collect() {
      this.set(pending());
    },
  });

  const outboxes = [
    {
      name: 'parley_webhook_outbox',
      what: 'Webhook events',
      waiting: count('select count(*) from webhook_outbox where delivered_at is null and failed_at is null'),
      failed: count('select count(*) from webhook_outbox where delivered_at is null and failed_at is not null'),
    },
    {
      name: 'parley_mail_outbox',
      what: 'Mails',
      waiting: count('select count(*) from mail_outbox where sent_at is null and failed_at is null'),
      failed: count('select count(*) from mail_outbox where sent_at is null and failed_at is not null'),
    },
  ];
  for (const outbox of outboxes) {
    new Gauge({
      name: outbox.name,
      help: `${outbox.what} in the outbox not yet delivered: waiting (to be sent or retried) or failed (given up on).`,
      labelNames: ['state'] as const,
      registers,
      collect() {
        this.set({ state: 'waiting' }, outbox.waiting());
        this.set({ state: 'failed' }, outbox.failed());
      },
    });
  }

  new Gauge({
    name: 'parley_database_size_bytes',
    help: 'Size of the SQLite database file and of its write-ahead log.',
    labelNames: ['file'] as const,
    registers,
    collect() {
      this.set({ file: 'database' }, sizeOf(deps.dbFile));
      this.set({ file: 'wal' }, sizeOf(`${deps.dbFile}-wal`));
    },
  });

  const { cache } = deps;
  if (cache) {
    new Counter({
      name: 'parley_response_cache_lookups_total',
      help: 'Lookups of rendered threads and counts in the response cache, by result (hit or miss).',
      labelNames: ['result'] as const,
      registers,
      collect() {
        const stats = cache.snapshot();
        this.reset();
        this.inc({ result: 'hit' }, stats.hits);
        this.inc({ result: 'miss' }, stats.misses);
      },
    });
    new Gauge({
      name: 'parley_response_cache_hit_ratio',
      help: 'Hits over lookups of the response cache since the start (0 before the first lookup).',
      registers,
      collect() {
        const { hits, misses } = cache.snapshot();
        this.set(hits + misses === 0 ? 0 : hits / (hits + misses));
      },
    });
    new Gauge({
      name: 'parley_response_cache_bytes',
      help: 'Memory the response cache holds (bodies and bookkeeping), in bytes.',
      registers,
      collect() {
        this.set(cache.snapshot().bytes);
      },
    });
    new Gauge({
      name: 'parley_response_cache_entries',
      help: 'Responses in the response cache.',
      registers,
      collect() {
        this.set(cache.snapshot().entries);
      },
    });
  }

  return {
    observe(method, route, status, seconds) {
      const key = `${method} ${status} ${route}`;
      let child = children.get(key);
      if (child === undefined) {
        child = duration.labels(methodLabel(method), route, String(status));
        children.set(key, child);
      }
      child.observe(seconds);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
