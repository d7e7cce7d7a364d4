// `npm run bench -- --posting`: comment POSTs alone (issue 14's write side), quicker than the whole
// suite: POSTs/s against the raw better-sqlite3 baseline (the same migrated table) in rounds that
// alternate, how many comments each group commit carried (the server prints it at exit with
// PARLEY_BENCH_STATS=1), and whether the search indexer behind the writer kept up.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BENCH_SECRET, rawInserts, startParley, type RawInsertResult } from './processes.js';
import { measurePosts, type Plan } from './scenarios.js';
import { BENCH_ORIGIN, POST_SITE, seed } from './seed.js';
import type { Measured } from './report.js';

export interface PostingFigures {
  /**
   * cpuMsPerPost: the server's CPU time (user + system) per POST of the round: less moved by other load
   * than req/s. threadMsPerPost: the same for the request thread alone (not the WAL checkpointer thread,
   * nor V8's helpers), the part that bounds POSTs/s on one core.
   */
  rounds: Array<{ post: Measured; raw: RawInsertResult; cpuMsPerPost: number | null; threadMsPerPost: number | null }>;
  /** Comments per group commit → how many commits carried that many. */
  groupCommits: Record<string, number>;
  /** Comments still waiting for the search indexer right after the load, and 3 s later. */
  backlogAfter: number;
  backlogLater: number;
  /** The server's WAL checkpointer thread: how many checkpoints of each kind (its line at exit), or null. */
  checkpoints: string | null;
}

/** User + system CPU seconds of a process, or of one of its threads (Linux /proc, 100 ticks a second), or null. */
function cpuSeconds(pid: number, thread?: number): number | null {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? (s[(s.length - 1) / 2] ?? NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

export async function postingBench(plan: Plan, rawSeconds: number, log: (line: string) => void): Promise<PostingFigures> {
  const dir = join(plan.dir, 'posting');
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, 'parley.db');
  await seed({ file: dbFile, secret: BENCH_SECRET, scale: false });
  const server = await startParley({ dbFile, log: true, env: { PARLEY_BENCH_STATS: '1' } });
  const rounds: PostingFigures['rounds'] = [];
  const backlog = () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return (db.prepare("select count(*) as n from comments where id > coalesce((select cast(value as integer) from meta where key = 'fts_indexed_through'), 0)").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  let backlogAfter = 0;
  let backlogLater = 0;
  try {
    const target = { site: POST_SITE, origin: BENCH_ORIGIN };
    await measurePosts({ ...plan, rounds: 1, seconds: Math.max(1, plan.warmSeconds), warmSeconds: 0 }, server.baseUrl, target);
    for (let round = 0; round < plan.rounds; round++) {
      // One measured round of POSTs, then the raw baseline, so both see the same minute of the machine.
      const cpuBefore = cpuSeconds(server.pid);
      const threadBefore = cpuSeconds(server.pid, server.pid);
      const post = await measurePosts({ ...plan, rounds: 1, warmSeconds: 0 }, server.baseUrl, target);
      const cpuAfter = cpuSeconds(server.pid);
      const threadAfter = cpuSeconds(server.pid, server.pid);
      const requests = post.rounds.reduce((a, r) => a + r.requests, 0);
      const perPost = (before: number | null, after: number | null) => (before === null || after === null || requests === 0 ? null : ((after - before) * 1000) / requests);
      const cpuMsPerPost = perPost(cpuBefore, cpuAfter);
      const threadMsPerPost = perPost(threadBefore, threadAfter);
      const rawDir = join(dir, `raw-${round}`);
      mkdirSync(rawDir);
      const raw = await rawInserts(rawDir, rawSeconds, plan.connections);
      log(`round ${round + 1}: ${Math.round(post.rps)} POSTs/s (p99 ${post.p99Ms.toFixed(1)} ms, ${cpuMsPerPost?.toFixed(3) ?? '–'} ms CPU each, request thread ${threadMsPerPost?.toFixed(3) ?? '–'}), raw ${Math.round(raw.commentsGrouped)} rows/s ${raw.group} a transaction, ${Math.round(raw.commentsBatched)} 1,000 a transaction, ${Math.round(raw.commentsAutocommit)} autocommit`);
      rounds.push({ post, raw, cpuMsPerPost, threadMsPerPost });
    }
    backlogAfter = backlog();
    await new Promise((r) => setTimeout(r, 3000));
    backlogLater = backlog();
  } finally {
    await server.stop();
  }
  const line = server.output.find((l) => l.startsWith('group commits '));
  const groupCommits = line ? (JSON.parse(line.slice('group commits '.length)) as Record<string, number>) : {};
  const checkpoints = server.output.find((l) => l.startsWith('checkpoints '))?.slice('checkpoints '.length) ?? null;
  return { rounds, groupCommits, backlogAfter, backlogLater, checkpoints };
}

/** Percentiles of the comments-per-commit distribution, weighted by commits and by comments. */
function distribution(groups: Record<string, number>): string {
  const entries = Object.entries(groups).map(([size, n]) => [Number(size), n] as const).sort((a, b) => a[0] - b[0]);
  const commits = entries.reduce((a, [, n]) => a + n, 0);
  const comments = entries.reduce((a, [size, n]) => a + size * n, 0);
  if (commits === 0) return 'no group commit recorded';
  const pct = (p: number, weight: (size: number, n: number) => number, total: number) => {
    let seen = 0;
    for (const [size, n] of entries) {
      seen += weight(size, n);
      if (seen >= total * p) return size;
    }
    return entries.at(-1)?.[0] ?? 0;
  };
  const byCommit = (s: number, n: number) => n;
  const byComment = (s: number, n: number) => s * n;
  return `${commits.toLocaleString('en-US')} commits carried ${comments.toLocaleString('en-US')} comments (mean ${(comments / commits).toFixed(1)} a commit); ` +
    `per commit p50 ${pct(0.5, byCommit, commits)}, p90 ${pct(0.9, byCommit, commits)}, max ${entries.at(-1)?.[0]}; ` +
    `a comment's commit carried p50 ${pct(0.5, byComment, comments)}, p90 ${pct(0.9, byComment, comments)}; commits of 1 comment: ${groups['1'] ?? 0}`;
}

export function renderPosting(f: PostingFigures): string {
  const posts = median(f.rounds.map((r) => r.post.rps));
  // The goal's baseline: raw inserts committed as Parley's group commit can commit at most (one
  // transaction per `connections` rows); 1,000 a transaction and 1 a transaction are shown beside it.
  const raw = median(f.rounds.map((r) => r.raw.commentsGrouped));
  const ratios = f.rounds.map((r) => r.post.rps / r.raw.commentsGrouped);
  const ratios1000 = f.rounds.map((r) => r.post.rps / r.raw.commentsBatched);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `| round | POSTs/s | p50 ms | p99 ms | server CPU ms / POST | request thread | raw rows/s, ${f.rounds[0]?.raw.group ?? '?'} a transaction | ratio | raw, 1,000 a transaction | ratio | raw, 1 a transaction |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...f.rounds.map((r, i) =>
      `| ${i + 1} | ${fmt(r.post.rps)} | ${r.post.p50Ms.toFixed(1)} | ${r.post.p99Ms.toFixed(1)} | ${r.cpuMsPerPost?.toFixed(3) ?? '–'} | ${r.threadMsPerPost?.toFixed(3) ?? '–'} | ${fmt(r.raw.commentsGrouped)} | ${(100 * (ratios[i] ?? 0)).toFixed(0)}% | ${fmt(r.raw.commentsBatched)} | ${(100 * (ratios1000[i] ?? 0)).toFixed(0)}% | ${fmt(r.raw.commentsAutocommit)} |`),
    `Median server CPU per POST: ${median(f.rounds.flatMap((r) => (r.cpuMsPerPost === null ? [] : [r.cpuMsPerPost]))).toFixed(3)} ms, request thread ${median(f.rounds.flatMap((r) => (r.threadMsPerPost === null ? [] : [r.threadMsPerPost]))).toFixed(3)} ms`,
    '',
    `Median: ${Math.round(posts).toLocaleString('en-US')} POSTs/s (goal ≥ 5,600: ${posts >= 5600 ? 'met' : 'MISSED'}), ${(100 * median(ratios)).toFixed(0)}% of raw inserts at ${Math.round(raw).toLocaleString('en-US')} rows/s, as many a commit as connections (${(100 * median(ratios1000)).toFixed(0)}% of 1,000 a commit) (goal ≥ 25%: ${median(ratios) >= 0.25 ? 'met' : 'MISSED'}); errors ${f.rounds.reduce((a, r) => a + r.post.errors + r.post.non2xx, 0)}`,
    `Group commit: ${distribution(f.groupCommits)}`,
    `WAL checkpointer thread: ${f.checkpoints ?? 'none (checkpoints ran on the request thread)'}`,
    `Search index: ${f.backlogAfter} comments waiting for the indexer when the load stopped, ${f.backlogLater} three seconds later`,
  ].join('\n');
}
