// `npm run bench -- --gets`: only the warm thread GET and the counts GET against their bare twins,
// a minute's check while working on the per-request cost (the full run measures the same rows).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SECRET, startParley, type Child } from './processes.js';
import { ratio } from './report.js';
import { bareTwin, measure, twinUrl, type Plan } from './scenarios.js';
import { COUNT_KEYS, seed, THREAD_KEY, THREAD_SITE } from './seed.js';

const PATHS = {
  thread: `/api/comments?site=${THREAD_SITE}&article=${encodeURIComponent(THREAD_KEY)}`,
  counts: `/api/counts?site=${THREAD_SITE}&${COUNT_KEYS.map((k) => `article=${encodeURIComponent(k)}`).join('&')}`,
};

export async function getsBench(plan: Plan, requestLog: boolean, log: (line: string) => void): Promise<string> {
  mkdirSync(join(plan.dir, 'gets'));
  const dbFile = join(plan.dir, 'gets', 'parley.db');
  await seed({ file: dbFile, secret: BENCH_SECRET, scale: false });
  const running: Child[] = [];
  try {
    const server = await startParley({ dbFile, log: requestLog });
    running.push(server);
    const lines: string[] = [];
    for (const [name, path] of Object.entries(PATHS)) {
      const { bare } = await bareTwin(plan, server.baseUrl + path, name);
      running.push(bare);
      log(`${name} GET`);
      const run = await measure(plan, { url: server.baseUrl + path, connections: plan.connections, seconds: plan.seconds }, { url: twinUrl(bare, path), connections: plan.connections, seconds: plan.seconds });
      const row = { scenario: name, parley: run.parley, baseline: { name: 'bare', rps: run.baseline?.rps ?? NaN, rounds: run.baseline?.rounds } };
      lines.push(`${name}: parley ${Math.round(run.parley.rps)}/s (p99 ${run.parley.p99Ms.toFixed(1)} ms), bare ${Math.round(row.baseline.rps)}/s: ${(100 * ratio(row)).toFixed(1)}% (paired rounds)`);
    }
    return lines.join('\n');
  } finally {
    for (const child of running) await child.stop().catch(() => undefined);
  }
}
