// `npm run bench -- --profile {thread|thread-uncached|counts|post|queue}`: one scenario against a server run under
// `node --cpu-prof`, and where its time went (the evidence behind a goal that is missed).
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ORIGIN, COUNT_KEYS, POST_SITE, seed, THREAD_KEY, THREAD_SITE } from './seed.js';
import { BENCH_SECRET, startParley } from './processes.js';
import { summarise, type CpuProfile } from './profile.js';
import { postSpec, type Plan } from './scenarios.js';

export const PROFILED = ['thread', 'thread-uncached', 'counts', 'post', 'queue'] as const;
export type Profiled = (typeof PROFILED)[number];

export async function profileScenario(plan: Plan, scenario: Profiled, log: (line: string) => void): Promise<string> {
  const dir = join(plan.dir, 'profile');
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, 'parley.db');
  const seeded = await seed({ file: dbFile, secret: BENCH_SECRET, scale: false });
  const profiles = join(dir, 'cpu');
  const server = await startParley({ dbFile, log: true, ...(scenario === 'thread-uncached' ? { cacheMb: 0 } : {}), nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profiles}`] });
  const seconds = plan.seconds * plan.rounds;
  const get = (path: string, headers?: Record<string, string>) => ({ url: server.baseUrl + path, headers, connections: plan.connections, seconds });
  try {
    log(`profiling ${scenario} for ${seconds} s`);
    const load =
      scenario === 'thread' || scenario === 'thread-uncached'
        ? get(`/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(THREAD_KEY)}`)
        : scenario === 'counts'
          ? get(`/api/counts?site=${THREAD_SITE}&${COUNT_KEYS.map((k) => `article=${encodeURIComponent(k)}`).join('&')}`)
          : scenario === 'queue'
            ? { ...get('/api/admin/comments?status=pending', { Authorization: `Bearer ${seeded.apiToken}` }), connections: 1 }
            : { ...postSpec(plan, server.baseUrl, { site: POST_SITE, origin: BENCH_ORIGIN, article: '/bench/profile', run: Date.now().toString(36) }), seconds };
    const result = await plan.run(load);
    log(`${Math.round(result.rps)} requests/s, p99 ${result.p99Ms.toFixed(1)} ms`);
  } finally {
    await server.stop();
  }
  // The main thread's profile is the biggest; the other is tsx's module-loader thread.
  const files = readdirSync(profiles)
    .map((name) => join(profiles, name))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const main = files[0];
  if (!main) throw new Error('the server wrote no CPU profile');
  return `CPU profile of the server during "${scenario}" (${main}):\n${summarise(JSON.parse(readFileSync(main, 'utf8')) as CpuProfile, 30)}`;
}
