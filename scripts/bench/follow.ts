// Live threads under load: many simulated open widgets, each checking its article's first page every
// `every` seconds as the widget does (a conditional GET with the ETag it has), spread evenly over the
// interval; beside them, the usual reads (paced) and a writer posting and approving. Measures what
// following costs the server (its CPU time, from /proc) and the other requests' p99.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { sleep } from './processes.js';

export interface FollowResult {
  widgets: number;
  articles: number;
  checks: number;
  notModified: number;
  changed: number;
  errors: number;
  p99Ms: number;
  /** Server CPU while following, as a share of one core. */
  cpuShare: number | null;
}

/** utime + stime of a process, in seconds (Linux). */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
};

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<{ status: number; etag: string | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, etag: typeof res.headers.etag === 'string' ? res.headers.etag : null, ms: performance.now() - started }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export async function followers(options: {
  baseUrl: string;
  site: string;
  keys: string[];
  widgets: number;
  everySeconds: number;
  seconds: number;
  serverPid: number;
}): Promise<FollowResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const etags: Array<string | null> = new Array<string | null>(options.widgets).fill(null);
  const url = (i: number) =>
    `${options.baseUrl}/api/comments?site=${options.site}&article=${encodeURIComponent(options.keys[i % options.keys.length] ?? '/')}&sort=oldest&limit=50`;
  const result: FollowResult = { widgets: options.widgets, articles: options.keys.length, checks: 0, notModified: 0, changed: 0, errors: 0, p99Ms: NaN, cpuShare: null };
  const latencies: number[] = [];
  // Every widget loads its thread first (as on page load), outside the measured window.
  for (let i = 0; i < options.widgets; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, options.widgets - i) }, async (_, j) => {
        etags[i + j] = (await get(agent, url(i + j), {})).etag;
      }),
    );
  }
  const cpuBefore = cpuSeconds(options.serverPid);
  const start = performance.now();
  const perMs = options.widgets / (options.everySeconds * 1000);
  const running = new Set<Promise<void>>();
  let next = 0;
  while (performance.now() - start < options.seconds * 1000) {
    const due = Math.floor((performance.now() - start) * perMs);
    for (; next < due; next++) {
      const i = next % options.widgets;
      const etag = etags[i];
      const check = get(agent, url(i), etag ? { 'If-None-Match': etag } : {})
        .then((r) => {
          result.checks++;
          latencies.push(r.ms);
          if (r.status === 304) result.notModified++;
          else if (r.status === 200) {
            result.changed++;
            etags[i] = r.etag;
          } else result.errors++;
        })
        .catch(() => {
          result.errors++;
        });
      running.add(check);
      void check.finally(() => running.delete(check));
    }
    await sleep(5);
  }
  await Promise.all(running);
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = cpuSeconds(options.serverPid);
  result.cpuShare = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / elapsed;
  result.p99Ms = percentile(latencies, 0.99);
  agent.destroy();
  return result;
}

/** GETs of `urls` in turn at a steady `rate` per second (open loop, so slow answers do not slow the pace); their p99. */
export async function paced(urls: string[], rate: number, seconds: number): Promise<{ requests: number; errors: number; p99Ms: number; p50Ms: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let errors = 0;
  const running = new Set<Promise<void>>();
  const start = performance.now();
  let next = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; next < due; next++) {
      const task = get(agent, urls[next % urls.length] ?? '', {})
        .then((r) => {
          if (r.status !== 200) errors++;
          latencies.push(r.ms);
        })
        .catch(() => {
          errors++;
        });
      running.add(task);
      void task.finally(() => running.delete(task));
    }
    await sleep(5);
  }
  await Promise.all(running);
  agent.destroy();
  return { requests: latencies.length, errors, p99Ms: percentile(latencies, 0.99), p50Ms: percentile(latencies, 0.5) };
}
