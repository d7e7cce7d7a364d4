// The whole run: seed, start the real server and the baselines, run every scenario, and judge the
// issue's goals against what was measured.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadSpec } from './load.js';
import { BENCH_SECRET, sleep, type Child, type RawInsertResult, type ServerOptions } from './processes.js';
import { ratio, type Goal, type Measured, type Report, type Row } from './report.js';
import { bareTwin, measure, measurePosts, readWhileWriting, soak, twinUrl, type Plan, type SoakResult } from './scenarios.js';
import { liveThreads, type LiveThreadsResult } from './live-threads.js';
import { readWhileReacting, type ReactorResult } from './reactor.js';
import { BENCH_ORIGIN, COUNT_KEYS, POST_SITE, seed, THREAD_KEY, THREAD_SITE } from './seed.js';
import type { WriterResult } from './writer.js';

export interface SuiteOptions {
  plan: Plan;
  log: (line: string) => void;
  quick: boolean;
  scale: boolean;
  soakMinutes: number;
  requestLog: boolean;
  /** Extra node flags for the server (e.g. --cpu-prof, --max-semi-space-size=2). */
  nodeFlags: string[];
  rawSeconds: number;
}

export interface SuiteDeps {
  startParley: (options: ServerOptions) => Promise<Child>;
  rawInserts: (dir: string, seconds: number, group?: number) => Promise<RawInsertResult>;
  rssMiB: (pid: number) => number | null;
}

export interface SuiteResult {
  thread: Row;
  counts: Row;
  /** The thread while the writer posts and approves, and what the writer saw. */
  mixed: Row;
  writer: WriterResult;
  /** The thread while readers like its comments at 200/s, and what the reactor saw. */
  reacting: Row;
  reactor: ReactorResult;
  /** Live threads: following alone (its CPU cost), then beside paced reads and posts (their p99). */
  follow: LiveThreadsResult;
  post: Measured;
  raw: RawInsertResult;
  queue: Measured;
  threadUncached: Measured;
  scale: { thread: Measured; threadUncached: Measured; queue: Measured; queueLoaded: Measured } | null;
  rssAfter: number | null;
  soak: SoakResult | null;
  correctnessFailed: boolean;
}

const THREAD_PATH = `/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(THREAD_KEY)}`;
const COUNTS_PATH = `/api/counts?site=${THREAD_SITE}&${COUNT_KEYS.map((k) => `article=${encodeURIComponent(k)}`).join('&')}`;
const QUEUE_PATH = '/api/admin/comments?status=pending';
const OTHER_PATH = `/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(COUNT_KEYS[9] ?? '')}`;

const mib = (value: number | null) => (value === null ? 'n/a' : value.toFixed(0));

const get = (plan: Plan, url: string, headers?: Record<string, string>): LoadSpec => ({ url, headers, connections: plan.connections, seconds: plan.seconds });

export async function suite(options: SuiteOptions, report: Report, running: Child[], deps: SuiteDeps): Promise<SuiteResult> {
  const { plan, log } = options;
  const start = async (dbFile: string, cacheMb?: number) => {
    const server = await deps.startParley({ dbFile, log: options.requestLog, cacheMb, nodeFlags: options.nodeFlags });
    running.push(server);
    return server;
  };
  const bad = (m: Measured) => m.errors + m.non2xx > 0;

  log('seeding the small database through the store');
  mkdirSync(join(plan.dir, 'small'));
  const dbFile = join(plan.dir, 'small', 'parley.db');
  const seeded = await seed({ file: dbFile, secret: BENCH_SECRET, scale: false });
  const auth = { Authorization: `Bearer ${seeded.apiToken}` };
  report.checks['small database'] = `${seeded.comments} comments, ${seeded.articles} articles`;

  // The uncached path first, while the database is as seeded.
  log('thread with the cache off');
  let server = await start(dbFile, 0);
  const threadUncached = (await measure(plan, get(plan, server.baseUrl + THREAD_PATH))).parley;
  await server.stop();

  server = await start(dbFile);
  const rssTrail: string[] = [`started ${mib(deps.rssMiB(server.pid))}`];
  const { bare: threadBare, bytes: threadBytes } = await bareTwin(plan, server.baseUrl + THREAD_PATH, 'thread');
  running.push(threadBare);
  log(`warm thread GET (${threadBytes} bytes)`);
  const threadRun = await measure(plan, get(plan, server.baseUrl + THREAD_PATH), get(plan, twinUrl(threadBare, THREAD_PATH)));
  rssTrail.push(`thread ${mib(deps.rssMiB(server.pid))}`);
  const thread: Row = {
    scenario: 'warm thread GET (200 comments, 3 levels)',
    parley: threadRun.parley,
    baseline: { name: 'bare node:http, same bytes', rps: threadRun.baseline?.rps ?? NaN, rounds: threadRun.baseline?.rounds },
    note: `${threadBytes.toLocaleString('en-US')} bytes per response`,
  };

  const { bare: countsBare, bytes: countsBytes } = await bareTwin(plan, server.baseUrl + COUNTS_PATH, 'counts');
  running.push(countsBare);
  log('counts for 50 keys');
  const countsRun = await measure(plan, get(plan, server.baseUrl + COUNTS_PATH), get(plan, twinUrl(countsBare, COUNTS_PATH)));
  rssTrail.push(`counts ${mib(deps.rssMiB(server.pid))}`);
  const counts: Row = {
    scenario: 'counts GET (50 keys)',
    parley: countsRun.parley,
    baseline: { name: 'bare node:http, same bytes', rps: countsRun.baseline?.rps ?? NaN, rounds: countsRun.baseline?.rounds },
    note: `${countsBytes.toLocaleString('en-US')} bytes per response`,
  };

  // A page moderators load: its latency is measured for one moderator at a time.
  log('pending-queue page (moderation API, bearer token, one connection)');
  const queue = (await measure(plan, { ...get(plan, server.baseUrl + QUEUE_PATH, auth), connections: 1 })).parley;

  rssTrail.push(`queue ${mib(deps.rssMiB(server.pid))}`);
  log('comment POSTs (approval none, floodSeconds 0)');
  const post = await measurePosts(plan, server.baseUrl, { site: POST_SITE, origin: BENCH_ORIGIN });
  rssTrail.push(`posts ${mib(deps.rssMiB(server.pid))}`);

  log('thread GET while another client posts and approves 50 comments/s');
  const mixedRun = await readWhileWriting(plan, server.baseUrl + THREAD_PATH, twinUrl(threadBare, THREAD_PATH), {
    baseUrl: server.baseUrl,
    site: THREAD_SITE,
    article: THREAD_KEY,
    origin: BENCH_ORIGIN,
    apiToken: seeded.apiToken,
    rate: options.quick ? 20 : 50,
  });
  const { writer } = mixedRun;
  const mixed: Row = {
    scenario: 'thread GET while posting + approving',
    parley: mixedRun.parley,
    baseline: { name: 'bare node:http, same bytes', rps: mixedRun.baseline.rps, rounds: mixedRun.baseline.rounds },
    note: `${writer.rate.toFixed(1)} posts/s and as many approvals/s beside the load; ${writer.checks} reads checked, ${writer.stale} stale`,
  };
  rssTrail.push(`mixed ${mib(deps.rssMiB(server.pid))}`);

  log('thread GET while readers like its comments at 200/s');
  const reactingRun = await readWhileReacting(plan, server.baseUrl + THREAD_PATH, twinUrl(threadBare, THREAD_PATH), {
    baseUrl: server.baseUrl,
    origin: BENCH_ORIGIN,
    rate: options.quick ? 50 : 200,
  });
  const { reactor } = reactingRun;
  const reacting: Row = {
    scenario: 'thread GET while readers react',
    parley: reactingRun.parley,
    baseline: { name: 'bare node:http, same bytes', rps: reactingRun.baseline.rps, rounds: reactingRun.baseline.rounds },
    note: `${reactor.rate.toFixed(1)} likes/s beside the load; ${reactor.checks} reads checked, ${reactor.stale} stale`,
  };
  rssTrail.push(`reacting ${mib(deps.rssMiB(server.pid))}`);

  const follow = await liveThreads({
    quick: options.quick,
    seconds: options.quick ? 2 : plan.seconds * plan.rounds,
    server,
    log,
    report,
    paths: { thread: THREAD_PATH, counts: COUNTS_PATH, other: OTHER_PATH },
    apiToken: seeded.apiToken,
  });
  const usual = follow.usual;
  const rssAfter = deps.rssMiB(server.pid);
  rssTrail.push(`following ${mib(rssAfter)}`);
  await sleep(options.quick ? 100 : 10_000);
  rssTrail.push(`after ${options.quick ? '0.1' : '10'} s idle ${mib(deps.rssMiB(server.pid))}`);
  report.memory['Parley server after the run'] = rssAfter;
  report.checks['server RSS after each scenario (MiB)'] = rssTrail.join(', ');
  report.memory['bare node:http baseline'] = deps.rssMiB(threadBare.pid);
  await Promise.all([server.stop(), threadBare.stop(), countsBare.stop()]);

  log('raw better-sqlite3 inserts');
  const raw = await deps.rawInserts(plan.dir, options.rawSeconds, plan.connections);

  let scale: SuiteResult['scale'] = null;
  if (options.scale) {
    log('seeding the --scale database (1,000,000 comments over 20,000 articles; this takes minutes)');
    mkdirSync(join(plan.dir, 'scale'));
    const scaleFile = join(plan.dir, 'scale', 'parley.db');
    const big = await seed({ file: scaleFile, secret: BENCH_SECRET, scale: true, log });
    report.checks['scale database'] = `${big.comments} comments (${big.pending} pending), ${big.articles} articles, seeded in ${Math.round(big.seconds)} s`;
    log('scale: thread with the cache off');
    server = await start(scaleFile, 0);
    const scaleUncached = (await measure(plan, get(plan, server.baseUrl + THREAD_PATH))).parley;
    await server.stop();
    server = await start(scaleFile);
    log('scale: warm thread GET and the pending-queue page');
    const scaleThread = (await measure(plan, get(plan, server.baseUrl + THREAD_PATH))).parley;
    const scaleAuth = { Authorization: `Bearer ${big.apiToken}` };
    const scaleQueue = (await measure(plan, { ...get(plan, server.baseUrl + QUEUE_PATH, scaleAuth), connections: 1 })).parley;
    const scaleQueueLoaded = (await measure(plan, get(plan, server.baseUrl + QUEUE_PATH, scaleAuth))).parley;
    report.memory['Parley server after the --scale run'] = deps.rssMiB(server.pid);
    await server.stop();
    scale = { thread: scaleThread, threadUncached: scaleUncached, queue: scaleQueue, queueLoaded: scaleQueueLoaded };
  }

  let soaked: SoakResult | null = null;
  if (options.soakMinutes > 0) {
    log(`soak: ${options.soakMinutes} minute(s) of mixed load`);
    mkdirSync(join(plan.dir, 'soak'));
    const soakFile = join(plan.dir, 'soak', 'parley.db');
    const soakSeed = await seed({ file: soakFile, secret: BENCH_SECRET, scale: false });
    server = await start(soakFile);
    soaked = await soak(
      plan,
      server,
      {
        threadPath: THREAD_PATH,
        countsPath: COUNTS_PATH,
        otherPath: OTHER_PATH,
        target: { site: POST_SITE, article: '/bench/soak', origin: BENCH_ORIGIN, run: `soak-${Date.now().toString(36)}` },
      },
      { site: THREAD_SITE, article: THREAD_KEY, origin: BENCH_ORIGIN, apiToken: soakSeed.apiToken },
      options.soakMinutes,
    );
    await server.stop();
  }

  // Rows of the table.
  const scaleRows: Row[] = scale
    ? [
        { scenario: '--scale: warm thread GET', parley: scale.thread, baseline: null },
        { scenario: '--scale: thread GET, cache off', parley: scale.threadUncached, baseline: null },
        { scenario: '--scale: pending-queue page, 1 moderator', parley: scale.queue, baseline: null },
        { scenario: `--scale: pending-queue page, ${plan.connections} connections`, parley: scale.queueLoaded, baseline: null },
      ]
    : [];
  report.rows.push(
    thread,
    mixed,
    reacting,
    usual,
    counts,
    {
      scenario: 'comment POST (approval none)',
      parley: post,
      baseline: { name: 'raw better-sqlite3 inserts', rps: raw.commentsGrouped },
      note: `baseline: better-sqlite3 alone inserting the same rows into the same migrated table (its indexes, the server's pragmas), ${raw.group} rows per transaction (one per connection: the largest group commit this load allows); 1,000 rows per transaction it does ${Math.round(raw.commentsBatched).toLocaleString('en-US')} rows/s, one row per transaction ${Math.round(raw.commentsAutocommit).toLocaleString('en-US')} rows/s, and into a table with no index ${Math.round(raw.plainAutocommit).toLocaleString('en-US')} rows/s`,
    },
    { scenario: 'pending-queue page, 1 moderator (small database)', parley: queue, baseline: null },
    { scenario: 'thread GET, cache off (small database)', parley: threadUncached, baseline: null },
    ...scaleRows,
  );
  if (soaked) {
    report.checks['soak'] = `${soaked.minutes} min, ${soaked.requests} requests at ${Math.round(soaked.rps)}/s, ${soaked.errors + soaked.non2xx} errors, ${soaked.writer.cycles} post+approve cycles with ${soaked.writer.stale} stale reads, RSS ${soaked.rssStart?.toFixed(1)} → ${soaked.rssEnd?.toFixed(1)} MiB (max ${soaked.rssMax?.toFixed(1)}; at ${soaked.samples.map((x) => `${x.atSeconds} s ${mib(x.rss)}`).join(', ')})`;
  }
  report.checks['stale reads while writing'] = writer.stale;
  report.checks['stale reads while reacting'] = reactor.stale;
  if (writer.errors.length) report.notes.push(`writer errors (${writer.failures}): ${writer.errors.join('; ')}`);
  if (reactor.errors.length) report.notes.push(`reactor errors: ${reactor.errors.join('; ')}`);

  const measuredAll = [thread.parley, counts.parley, post, queue, threadUncached, mixedRun.parley, reactingRun.parley, usual.parley, ...(scale ? [scale.thread, scale.queue, scale.queueLoaded, scale.threadUncached] : [])];
  const correctnessFailed =
    measuredAll.some((m) => m !== null && bad(m)) ||
    writer.stale > 0 ||
    writer.errors.length > 0 ||
    reactor.stale > 0 ||
    reactor.errors.length > 0 ||
    follow.alone.errors + follow.loaded.errors > 0 ||
    follow.staleWhileFollowing > 0 ||
    (soaked !== null && (soaked.errors + soaked.non2xx > 0 || soaked.writer.stale > 0 || soaked.writer.errors.length > 0));
  return { thread, counts, mixed, writer, reacting, reactor, follow, post, raw, queue, threadUncached, scale, rssAfter, soak: soaked, correctnessFailed };
}

const pct = (n: number) => `${Math.round(n * 100)}%`;

/** The goals of issue 8, each judged on this run's numbers. */
export function judge(r: SuiteResult): Goal[] {
  const mixedRatio = ratio(r.mixed);
  // Against better-sqlite3 alone committing as many rows at once as Parley's group commit can (one per connection).
  const postRatio = r.post.rps / r.raw.commentsGrouped;
  const goals: Goal[] = [
    { goal: 'warm thread GET ≥ 60% of bare node:http', measured: pct(ratio(r.thread)), met: ratio(r.thread) >= 0.6 },
    {
      goal: 'thread while posting + approving 50/s ≥ 20% of bare, never stale',
      measured: `${pct(mixedRatio)}, ${r.writer.stale} stale of ${r.writer.checks} reads at ${r.writer.rate.toFixed(0)}/s`,
      met: mixedRatio >= 0.2 && r.writer.stale === 0 && r.writer.rate >= 45,
    },
    {
      goal: 'thread while readers react 200/s ≥ 20% of bare, never stale',
      measured: `${pct(ratio(r.reacting))}, ${r.reactor.stale} stale of ${r.reactor.checks} reads at ${r.reactor.rate.toFixed(0)} likes/s`,
      met: ratio(r.reacting) >= 0.2 && r.reactor.stale === 0 && r.reactor.rate >= 190,
    },
    {
      goal: 'live: other requests’ p99 ≤ 100 ms while 10,000 widgets follow 100 articles',
      measured: `${r.follow.usual.parley?.p99Ms.toFixed(1) ?? 'n/a'} ms (${r.follow.staleWhileFollowing} stale)`,
      met: (r.follow.usual.parley?.p99Ms ?? Infinity) <= 100 && r.follow.staleWhileFollowing === 0,
    },
    {
      goal: 'live: following costs ≤ 25% of a core',
      measured: r.follow.alone.cpuShare === null ? 'n/a' : `${Math.round(r.follow.alone.cpuShare * 100)}% at ${Math.round(r.follow.alone.widgets / 30)} checks/s`,
      met: r.follow.alone.cpuShare === null ? null : r.follow.alone.cpuShare <= 0.25,
    },
    { goal: 'counts for 50 keys ≥ 50% of bare node:http', measured: pct(ratio(r.counts)), met: ratio(r.counts) >= 0.5 },
    { goal: 'comment POST ≥ 5,600 comments/s', measured: `${Math.round(r.post.rps).toLocaleString('en-US')}/s`, met: r.post.rps >= 5600 },
    { goal: 'comment POST ≥ 25% of raw better-sqlite3 inserts (as many a commit)', measured: pct(postRatio), met: postRatio >= 0.25 },
  ];
  if (r.scale) {
    const smallP99 = r.thread.parley?.p99Ms ?? NaN;
    const p99 = r.scale.thread.p99Ms / smallP99;
    goals.push(
      { goal: '--scale thread p99 ≤ 1.5× small-database p99', measured: `${r.scale.thread.p99Ms.toFixed(2)} ms vs ${smallP99.toFixed(2)} ms (${p99.toFixed(2)}×)`, met: p99 <= 1.5 },
      { goal: '--scale pending-queue page ≤ 20 ms p99 (one moderator)', measured: `${r.scale.queue.p99Ms.toFixed(2)} ms`, met: r.scale.queue.p99Ms <= 20 },
    );
  } else {
    goals.push({ goal: '--scale goals', measured: 'run with --scale', met: null });
  }
  goals.push({ goal: 'server RSS ≤ 120 MB after the run', measured: r.rssAfter === null ? 'n/a' : `${r.rssAfter.toFixed(1)} MiB`, met: r.rssAfter === null ? null : r.rssAfter <= 120 });
  if (r.soak) {
    goals.push({ goal: '--soak: 0 errors', measured: `${r.soak.errors + r.soak.non2xx} errors, ${r.soak.writer.stale} stale`, met: r.soak.errors + r.soak.non2xx === 0 && r.soak.writer.stale === 0 });
  }
  return goals;
}
