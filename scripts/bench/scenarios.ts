// The scenarios: each drives load at the real server and, where there is one, at its baseline in the
// same way, alternating rounds so that both see the same machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commentBody, luaEnv, type PostTarget } from './bodies.js';
import type { LoadResult, LoadRunner, LoadSpec } from './load.js';
import { rssMiB, sleep, startBare, type Child } from './processes.js';
import { summarise, type Measured } from './report.js';
import { postAndApprove, type WriterResult } from './writer.js';

export interface Plan {
  run: LoadRunner;
  tool: 'wrk' | 'node';
  connections: number;
  seconds: number;
  rounds: number;
  warmSeconds: number;
  /** Scratch directory for recorded responses. */
  dir: string;
}

const spec = (plan: Plan, url: string, extra: Partial<LoadSpec> = {}): LoadSpec => ({
  url,
  connections: plan.connections,
  seconds: plan.seconds,
  ...extra,
});

async function warm(plan: Plan, load: LoadSpec): Promise<void> {
  if (plan.warmSeconds > 0) await plan.run({ ...load, seconds: plan.warmSeconds });
}

/** Rounds of load at Parley (and its baseline, alternately), after a warm-up of each. */
export async function measure(plan: Plan, parley: LoadSpec, baseline?: LoadSpec): Promise<{ parley: Measured; baseline: Measured | null }> {
  await warm(plan, parley);
  if (baseline) await warm(plan, baseline);
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    ours.push(await plan.run(parley));
    if (baseline) theirs.push(await plan.run(baseline));
  }
  return { parley: summarise(ours), baseline: baseline ? summarise(theirs) : null };
}

/** Fetches Parley's answer and starts a bare node:http server that answers the same bytes. */
export async function bareTwin(plan: Plan, url: string, name: string): Promise<{ bare: Child; bytes: number }> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  const body = Buffer.from(await res.arrayBuffer());
  const file = join(plan.dir, `${name}.response.json`);
  writeFileSync(file, JSON.stringify({ status: res.status, headers: [...res.headers], body: body.toString('base64') }));
  return { bare: await startBare(file), bytes: body.length };
}

/** The same path and query on the bare twin. */
export const twinUrl = (bare: Child, path: string) => `${bare.baseUrl}${path}`;

export function postSpec(plan: Plan, baseUrl: string, target: PostTarget): LoadSpec {
  return spec(plan, `${baseUrl}/api/comments`, {
    method: 'POST',
    headers: { Origin: target.origin },
    post: { lua: 'post.lua', env: luaEnv(target), body: (n) => commentBody(target, n + 1) },
  });
}

/** Comment POSTs, a fresh article per round so that every round starts alike. */
export async function measurePosts(plan: Plan, baseUrl: string, target: Omit<PostTarget, 'article' | 'run'>): Promise<Measured> {
  const stamp = Date.now().toString(36);
  const at = (round: string): PostTarget => ({ ...target, article: `/bench/posts-${stamp}-${round}`, run: `${stamp}-${round}` });
  await warm(plan, postSpec(plan, baseUrl, at('warm')));
  const rounds: LoadResult[] = [];
  for (let round = 0; round < plan.rounds; round++) rounds.push(await plan.run(postSpec(plan, baseUrl, at(String(round)))));
  return summarise(rounds);
}

export interface MixedResult {
  parley: Measured;
  /** The bare twin, loaded for as long right after. */
  baseline: Measured;
  writer: WriterResult;
}

/** The thread under read load while the writer posts and approves at `rate` per second, then the bare twin alone. */
export async function readWhileWriting(
  plan: Plan,
  threadUrl: string,
  bareUrl: string,
  writer: { baseUrl: string; site: string; article: string; origin: string; apiToken: string; rate: number },
): Promise<MixedResult> {
  const seconds = plan.seconds * plan.rounds;
  await warm(plan, spec(plan, threadUrl));
  const [load, written] = await Promise.all([
    plan.run(spec(plan, threadUrl, { seconds })),
    postAndApprove({ ...writer, seconds, threadUrl }),
  ]);
  const bare = await plan.run(spec(plan, bareUrl, { seconds }));
  return { parley: summarise([load]), baseline: summarise([bare]), writer: written };
}

export interface SoakResult {
  minutes: number;
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p99Ms: number;
  writer: WriterResult;
  rssStart: number | null;
  rssEnd: number | null;
  rssMax: number | null;
  samples: Array<{ atSeconds: number; rss: number | null }>;
}

/** Mixed reads and posts for `minutes` (in chunks, sampling memory between them) with the writer beside. */
export async function soak(
  plan: Plan,
  server: Child,
  mixed: { threadPath: string; countsPath: string; otherPath: string; target: PostTarget },
  writer: { site: string; article: string; origin: string; apiToken: string },
  minutes: number,
): Promise<SoakResult> {
  const total = minutes * 60;
  const chunk = Math.min(60, total);
  const paths = [mixed.threadPath, mixed.countsPath, mixed.otherPath];
  const load = (seconds: number, part: number): LoadSpec => {
    // Each chunk is a new wrk whose counter starts again: its own run id keeps its bodies new.
    const target = { ...mixed.target, run: `${mixed.target.run}-${part}` };
    const env = { ...luaEnv(target), PARLEY_THREAD: mixed.threadPath, PARLEY_COUNTS: mixed.countsPath, PARLEY_OTHER: mixed.otherPath };
    return {
      url: `${server.baseUrl}/`,
      connections: plan.connections,
      seconds,
      // wrk picks each request in mixed.lua; the node generator runs the paths and the posts side by side.
      post: { lua: 'mixed.lua', env, body: (n) => commentBody(target, n) },
    };
  };
  await sleep(500);
  const samples: SoakResult['samples'] = [{ atSeconds: 0, rss: rssMiB(server.pid) }];
  const results: LoadResult[] = [];
  const started = performance.now();
  const writing = postAndApprove({ ...writer, baseUrl: server.baseUrl, rate: 10, seconds: total, threadUrl: `${server.baseUrl}${mixed.threadPath}` });
  for (let done = 0; done < total; done += chunk) {
    const seconds = Math.min(chunk, total - done);
    results.push(await runMixed(plan, load(seconds, done), paths, server.baseUrl));
    samples.push({ atSeconds: Math.round((performance.now() - started) / 1000), rss: rssMiB(server.pid) });
  }
  const written = await writing;
  const measured = summarise(results);
  const rss = samples.map((s) => s.rss).filter((v): v is number => v !== null);
  return {
    minutes,
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    errors: measured.errors,
    non2xx: measured.non2xx,
    rps: results.reduce((sum, r) => sum + r.requests, 0) / results.reduce((sum, r) => sum + r.seconds, 0),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    writer: written,
    rssStart: samples[0]?.rss ?? null,
    rssEnd: samples[samples.length - 1]?.rss ?? null,
    rssMax: rss.length ? Math.max(...rss) : null,
    samples,
  };
}

/** wrk runs mixed.lua itself; the node generator is given the mix as separate concurrent loads. */
async function runMixed(plan: Plan, load: LoadSpec, paths: string[], baseUrl: string): Promise<LoadResult> {
  if (plan.tool === 'wrk') return plan.run(load);
  const share = Math.max(1, Math.floor(plan.connections / (paths.length + 1)));
  const parts = await Promise.all([
    ...paths.map((path) => plan.run({ url: `${baseUrl}${path}`, connections: share, seconds: load.seconds })),
    plan.run({ ...load, url: `${baseUrl}/api/comments`, method: 'POST', connections: share }),
  ]);
  return {
    tool: 'node',
    requests: parts.reduce((sum, p) => sum + p.requests, 0),
    seconds: Math.max(...parts.map((p) => p.seconds)),
    rps: parts.reduce((sum, p) => sum + p.rps, 0),
    p50Ms: Math.max(...parts.map((p) => p.p50Ms)),
    p99Ms: Math.max(...parts.map((p) => p.p99Ms)),
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    non2xx: parts.reduce((sum, p) => sum + p.non2xx, 0),
  };
}
