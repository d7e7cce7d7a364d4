// `npm run bench -- --worker`: the Worker build under workerd with local D1 (Miniflare, as
// `wrangler dev --local` runs it) beside the Node server, on the same seeded data: requests/s of a
// thread GET, a counts GET and a comment POST, and what each request costs in D1 (round trips and
// statements), counted by a wrapper around the D1 binding (worker-counting.ts). Issue 14's goal:
// ≤ 2 queries for a read, ≤ 1 batch for a post.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { commentBody } from './bodies.js';
import { buildCountingWorker } from './build-counting-worker.js';
import type { LoadSpec } from './load.js';
import { BENCH_SECRET, ROOT, freePort, startParley } from './processes.js';
import { postSpec, type Plan } from './scenarios.js';
import { BENCH_ORIGIN, COUNT_KEYS, POST_SITE, THREAD_KEY, THREAD_SITE, seed } from './seed.js';

const THREAD_PATH = `/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(THREAD_KEY)}`;
const COUNTS_PATH = `/api/counts?site=${THREAD_SITE}&${COUNT_KEYS.map((k) => `article=${encodeURIComponent(k)}`).join('&')}`;
const SCENARIOS = ['thread GET', 'counts GET (50 keys)', 'comment POST'] as const;
type Scenario = (typeof SCENARIOS)[number];

export interface D1Cost {
  /** Per request, averaged over the sampled requests: round trips (single statements + batches). */
  roundTrips: number;
  queries: number;
  batches: number;
  statements: number;
}

export interface WorkerRow {
  scenario: Scenario;
  workerRps: number;
  workerP99Ms: number;
  workerErrors: number;
  nodeRps: number;
  nodeP99Ms: number;
  d1: D1Cost;
}

function load(plan: Plan, base: string, scenario: Scenario, run: string): LoadSpec {
  if (scenario === 'comment POST') return postSpec(plan, base, { site: POST_SITE, origin: BENCH_ORIGIN, article: `/bench/worker-${run}`, run });
  return { url: base + (scenario === 'thread GET' ? THREAD_PATH : COUNTS_PATH), connections: plan.connections, seconds: plan.seconds };
}

/** D1 cost of `samples` requests of a scenario, one at a time, each followed by reading the counter. */
async function d1Cost(base: string, scenario: Scenario, samples: number): Promise<D1Cost> {
  const read = async () => (await (await fetch(`${base}/__bench/d1`)).json()) as { queries: number; batches: number; statements: number; sql: string[] };
  if (scenario === 'comment POST') {
    // As the widget does before anyone posts: the thread's GET, so this isolate has read the site
    // (a post is decided from it and written in one batch, src/store/d1-post.ts).
    await (await fetch(`${base}/api/comments?site=${POST_SITE}&article=${encodeURIComponent('/bench/worker-d1')}`, { headers: { Origin: BENCH_ORIGIN } })).arrayBuffer();
  }
  await read();
  const total = { queries: 0, batches: 0, statements: 0 };
  const run = `d1-${Date.now().toString(36)}`;
  for (let i = 0; i < samples; i++) {
    const res =
      scenario === 'comment POST'
        ? await fetch(`${base}/api/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: BENCH_ORIGIN },
            body: commentBody({ site: POST_SITE, origin: BENCH_ORIGIN, article: '/bench/worker-d1', run }, i + 1),
          })
        : // With the Origin the widget sends (a cross-origin read: CORS on the response needs the site).
          await fetch(base + (scenario === 'thread GET' ? THREAD_PATH : COUNTS_PATH), { headers: { Origin: BENCH_ORIGIN } });
    if (res.status >= 300) throw new Error(`${scenario} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    // Work a request leaves for after its response (waitUntil) is counted with it.
    await new Promise((r) => setTimeout(r, 20));
    const c = await read();
    total.queries += c.queries;
    total.batches += c.batches;
    total.statements += c.statements;
    if (i === samples - 1 && process.env.PARLEY_BENCH_SQL) console.log(`${scenario}:\n  ${c.sql.join('\n  ')}`);
  }
  return {
    queries: total.queries / samples,
    batches: total.batches / samples,
    statements: total.statements / samples,
    roundTrips: (total.queries + total.batches) / samples,
  };
}

export async function workerBench(plan: Plan, log: (line: string) => void): Promise<WorkerRow[]> {
  const dir = join(plan.dir, 'worker');
  mkdirSync(dir, { recursive: true });
  // Under the project (workerd resolves the module's path from its root directory, and refuses "..").
  const script = join(ROOT, 'dist', 'bench-worker', 'worker.js');
  await buildCountingWorker(script);
  const port = await freePort();
  const mf = new Miniflare({
    rootPath: ROOT,
    modules: true,
    scriptPath: script,
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'parley-bench' },
    d1Persist: join(dir, 'd1'),
    bindings: { PARLEY_DEMO: 'false', PARLEY_LOG: 'false', PARLEY_SECRET: BENCH_SECRET },
    host: '127.0.0.1',
    port,
  });
  const rows: WorkerRow[] = [];
  try {
    const d1 = await mf.getD1Database('DB');
    await d1.prepare('select 1').run();
    const d1Dir = join(dir, 'd1', 'miniflare-D1DatabaseObject');
    const file = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
    if (!file) throw new Error('Miniflare created no D1 database file');
    log('seeding the Worker\'s D1 database and the Node server\'s');
    await seed({ file: join(d1Dir, file), secret: BENCH_SECRET, scale: false });
    mkdirSync(join(dir, 'node'));
    const nodeDb = join(dir, 'node', 'parley.db');
    await seed({ file: nodeDb, secret: BENCH_SECRET, scale: false });
    const workerBase = (await mf.ready).toString().replace(/\/$/, '');
    const server = await startParley({ dbFile: nodeDb, log: false });
    try {
      for (const scenario of SCENARIOS) {
        log(`Worker: ${scenario}`);
        const d1Used = await d1Cost(workerBase, scenario, 20);
        const warm = { seconds: plan.warmSeconds };
        if (plan.warmSeconds > 0) await plan.run({ ...load(plan, workerBase, scenario, 'w-warm'), ...warm });
        const onWorker = await plan.run(load(plan, workerBase, scenario, `w-${Date.now().toString(36)}`));
        log(`Node: ${scenario}`);
        if (plan.warmSeconds > 0) await plan.run({ ...load(plan, server.baseUrl, scenario, 'n-warm'), ...warm });
        const onNode = await plan.run(load(plan, server.baseUrl, scenario, `n-${Date.now().toString(36)}`));
        rows.push({
          scenario,
          workerRps: onWorker.rps,
          workerP99Ms: onWorker.p99Ms,
          workerErrors: onWorker.errors + onWorker.non2xx,
          nodeRps: onNode.rps,
          nodeP99Ms: onNode.p99Ms,
          d1: d1Used,
        });
      }
    } finally {
      await server.stop();
    }
  } finally {
    await mf.dispose();
  }
  return rows;
}

export function renderWorker(rows: WorkerRow[]): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const goal = (r: WorkerRow) =>
    r.scenario === 'comment POST'
      ? `≤ 1 batch: ${r.d1.batches <= 1 && r.d1.queries === 0 ? 'met' : 'MISSED'}`
      : `≤ 2 queries: ${r.d1.roundTrips <= 2 ? 'met' : 'MISSED'}`;
  return [
    'The Worker under workerd with local D1 (Miniflare, as `wrangler dev --local`) beside the Node server, same data, one round each:',
    '',
    '| scenario | Worker req/s | Worker p99 ms | errors | Node req/s | Node p99 ms | D1 round trips / request | single queries | batches | statements | goal |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) =>
      `| ${r.scenario} | ${n(r.workerRps)} | ${r.workerP99Ms.toFixed(1)} | ${r.workerErrors} | ${n(r.nodeRps)} | ${r.nodeP99Ms.toFixed(1)} | ${r.d1.roundTrips.toFixed(2)} | ${r.d1.queries.toFixed(2)} | ${r.d1.batches.toFixed(2)} | ${r.d1.statements.toFixed(2)} | ${goal(r)} |`),
  ].join('\n');
}
