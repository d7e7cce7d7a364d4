// The read-side scenarios of issue 14, on their own database and servers: the hot article (5,000
// comments, writes beside the reads, never stale) and the 200-comment thread rendered with the
// response cache off. `npm run bench -- --only read` runs just these.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hotArticle, type HotWriterResult } from './hot-article.js';
import { HOT_KEY, seedHot } from './hot-seed.js';
import { BENCH_SECRET, type Child, type ServerOptions } from './processes.js';
import { ratio, type Goal, type Measured, type Report, type Row } from './report.js';
import { bareTwin, measure, twinUrl, type Plan } from './scenarios.js';
import { BENCH_ORIGIN, seed, THREAD_KEY, THREAD_SITE } from './seed.js';

export interface ReadSideOptions {
  plan: Plan;
  log: (line: string) => void;
  quick: boolean;
  requestLog: boolean;
  nodeFlags: string[];
}

export interface ReadSideResult {
  hot: Row;
  writer: HotWriterResult;
  uncached: Measured;
  correctnessFailed: boolean;
}

const HOT_PATH = `/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(HOT_KEY)}`;
const THREAD_PATH = `/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(THREAD_KEY)}`;

export async function readSide(
  options: ReadSideOptions,
  report: Report,
  running: Child[],
  startParley: (options: ServerOptions) => Promise<Child>,
): Promise<ReadSideResult> {
  const { plan, log } = options;
  const start = async (dbFile: string, cacheMb?: number) => {
    const server = await startParley({ dbFile, log: options.requestLog, cacheMb, nodeFlags: options.nodeFlags });
    running.push(server);
    return server;
  };
  mkdirSync(join(plan.dir, 'read'));
  const dbFile = join(plan.dir, 'read', 'parley.db');
  log('read side: seeding the small database and the hot article (5,000 comments)');
  const seeded = await seed({ file: dbFile, secret: BENCH_SECRET, scale: false });
  const hotSeed = await seedHot(dbFile, BENCH_SECRET);
  report.checks['hot article'] = `${hotSeed.comments} approved comments, threads three deep`;

  log('read side: the 200-comment thread with the cache off');
  let server = await start(dbFile, 0);
  const uncached = (await measure(plan, { url: server.baseUrl + THREAD_PATH, connections: plan.connections, seconds: plan.seconds })).parley;
  await server.stop();

  server = await start(dbFile);
  const { bare, bytes } = await bareTwin(plan, server.baseUrl + HOT_PATH, 'hot');
  running.push(bare);
  log(`read side: the hot article's first page (${bytes} bytes) while posting 5/s and approving 2/s`);
  const hotRun = await hotArticle(plan, {
    pageUrl: server.baseUrl + HOT_PATH,
    bareUrl: twinUrl(bare, HOT_PATH),
    baseUrl: server.baseUrl,
    site: THREAD_SITE,
    article: HOT_KEY,
    origin: BENCH_ORIGIN,
    apiToken: seeded.apiToken,
    postsPerSecond: 5,
    approvalsPerSecond: 2,
  });
  await Promise.all([server.stop(), bare.stop()]);
  const { writer } = hotRun;
  const hot: Row = {
    scenario: 'hot article first page (5,000 comments) while posting + approving',
    parley: hotRun.parley,
    baseline: { name: 'bare node:http, same bytes', rps: hotRun.baseline.rps, rounds: hotRun.baseline.rounds },
    note: `${bytes.toLocaleString('en-US')} bytes per response; ${writer.postRate.toFixed(1)} posts/s and ${writer.approveRate.toFixed(1)} approvals/s beside the load (${writer.onFirstPage} of ${writer.approvals} approvals on the first page); ${writer.checks} checker reads, ${writer.stale} stale`,
  };
  report.rows.push(hot, { scenario: 'thread GET, cache off (200 comments, read side)', parley: uncached, baseline: null });
  report.checks['hot article stale reads'] = writer.stale;
  if (writer.errors.length) report.notes.push(`hot article writer errors: ${writer.errors.join('; ')}`);
  const bad = (m: Measured) => m.errors + m.non2xx > 0;
  return { hot, writer, uncached, correctnessFailed: bad(hotRun.parley) || bad(uncached) || writer.stale > 0 || writer.errors.length > 0 };
}

const pct = (n: number) => `${Math.round(n * 100)}%`;

/** The read-side goals of issue 14. */
export function judgeReadSide(r: ReadSideResult): Goal[] {
  const hotRatio = ratio(r.hot);
  const p99 = r.hot.parley?.p99Ms ?? Infinity;
  // The bare twin's p99 in the same rounds: what the machine alone costs the tail (not judged, shown).
  const bareRounds = (r.hot.baseline?.rounds ?? []).map((round) => round.p99Ms).sort((a, b) => a - b);
  const bareP99 = bareRounds.length ? bareRounds[Math.floor(bareRounds.length / 2)] : undefined;
  return [
    {
      goal: 'hot article ≥ 30% of bare, p99 ≤ 50 ms, never stale (posts 5/s, approvals 2/s)',
      measured: `${pct(hotRatio)}, p99 ${p99.toFixed(1)} ms (bare ${bareP99 === undefined ? '–' : bareP99.toFixed(1)} ms), ${r.writer.stale} stale of ${r.writer.checks} reads (${r.writer.approvals} approvals)`,
      met: hotRatio >= 0.3 && p99 <= 50 && r.writer.stale === 0 && r.writer.approveRate >= 1.8 && r.writer.errors.length === 0,
    },
    {
      goal: 'thread render, cache off ≥ 2,000/s, p99 ≤ 100 ms (50 connections)',
      measured: `${Math.round(r.uncached.rps).toLocaleString('en-US')}/s, p99 ${r.uncached.p99Ms.toFixed(1)} ms`,
      met: r.uncached.rps >= 2000 && r.uncached.p99Ms <= 100,
    },
  ];
}
