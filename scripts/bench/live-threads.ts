// The live-threads scenario: simulated widgets following 100 articles, alone (what following costs the
// server) and beside paced reads and a writer (the other requests' p99, and never a stale read).
import { followers, paced, type FollowResult } from './follow.js';
import type { Child } from './processes.js';
import { summarise, type Report, type Row } from './report.js';
import { BENCH_ORIGIN, COUNT_KEYS, THREAD_KEY, THREAD_SITE } from './seed.js';
import { postAndApprove } from './writer.js';

export interface LiveThreadsResult {
  alone: FollowResult;
  loaded: FollowResult;
  usual: Row;
  staleWhileFollowing: number;
}

export async function liveThreads(options: {
  quick: boolean;
  seconds: number;
  server: Child;
  log: (line: string) => void;
  report: Report;
  paths: { thread: string; counts: string; other: string };
  apiToken: string;
}): Promise<LiveThreadsResult> {
  const { server, log, report, quick } = options;
  const followSeconds = options.seconds;
  const widgets = quick ? 500 : 10_000;
  const every = quick ? 5 : 30;
  const followKeys = [THREAD_KEY, ...COUNT_KEYS, ...Array.from({ length: 49 }, (_, i) => `/2026/09/quiet-${i + 1}`)];
  const following = { baseUrl: server.baseUrl, site: THREAD_SITE, keys: followKeys, widgets, everySeconds: every, seconds: followSeconds, serverPid: server.pid };
  log(`live threads: ${widgets.toLocaleString('en-US')} widgets following ${followKeys.length} articles (a check every ${every} s each), alone`);
  const followAlone = await followers(following);
  log('live threads: the same beside paced reads (thread, counts, another thread) and a writer posting + approving');
  const usualRate = quick ? 50 : 300;
  const [followLoaded, usualRun, usualWriter] = await Promise.all([
    followers(following),
    paced([server.baseUrl + options.paths.thread, server.baseUrl + options.paths.counts, server.baseUrl + options.paths.other], usualRate, followSeconds),
    postAndApprove({
      baseUrl: server.baseUrl,
      site: THREAD_SITE,
      article: THREAD_KEY,
      origin: BENCH_ORIGIN,
      apiToken: options.apiToken,
      rate: quick ? 5 : 10,
      seconds: followSeconds,
      threadUrl: server.baseUrl + options.paths.thread,
    }),
  ]);
  const usual: Row = {
    scenario: `reads + posts while ${widgets.toLocaleString('en-US')} widgets follow`,
    parley: summarise([{ tool: 'node', requests: usualRun.requests, seconds: followSeconds, rps: usualRun.requests / followSeconds, p50Ms: usualRun.p50Ms, p99Ms: usualRun.p99Ms, errors: usualRun.errors, non2xx: 0 }]),
    baseline: null,
    note: `paced reads at ${usualRate}/s and ${usualWriter.rate.toFixed(1)} posts + approvals/s; the widgets made ${followLoaded.checks} checks (${followLoaded.notModified} answered 304, ${followLoaded.changed} changed, p99 ${followLoaded.p99Ms.toFixed(1)} ms)`,
  };
  const follow: LiveThreadsResult = { alone: followAlone, loaded: followLoaded, usual, staleWhileFollowing: usualWriter.stale };
  if (usualWriter.errors.length) report.notes.push(`writer errors while following: ${usualWriter.errors.join('; ')}`);
  report.checks['live threads'] = `${widgets} widgets on ${followKeys.length} articles: alone ${followAlone.checks} checks (${followAlone.notModified} × 304), server CPU ${followAlone.cpuShare === null ? 'n/a' : `${Math.round(followAlone.cpuShare * 100)}% of a core`}; beside the usual load ${followLoaded.checks} checks, ${followLoaded.errors} errors, ${usualWriter.stale} stale reads`;
  return follow;
}
