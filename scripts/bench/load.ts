// Load generators: wrk (the real bench) and a small closed-loop node:http generator (the smoke test,
// and machines without wrk). Both report requests/s, p50/p99 latency and errors.
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { ROOT } from './processes.js';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A POST with a new body each time: a wrk Lua script (with its environment) and the same bodies for node. */
  post?: { lua: string; env: Record<string, string>; body: (n: number) => string };
  connections: number;
  seconds: number;
}

export interface LoadResult {
  tool: 'wrk' | 'node';
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Responses that were not 2xx or 3xx. */
  non2xx: number;
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

export const WRK_HELP = `wrk is not installed; the bench falls back to a built-in node:http load generator, whose numbers
are not comparable with wrk's (it shares a core with nothing but itself). Install wrk for the real bench:
  Debian/Ubuntu: sudo apt-get install -y wrk      macOS: brew install wrk`;

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Reads wrk's `--latency` report. */
export function parseWrk(text: string): Omit<LoadResult, 'tool'> {
  const latency = (pct: string) => {
    const match = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
    return match?.[1] && match[2] ? Number(match[1]) * (UNIT_MS[match[2]] ?? NaN) : NaN;
  };
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(text);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const requests = Number(total?.[1] ?? 0);
  return {
    requests,
    seconds: total?.[2] && total[3] ? (Number(total[2]) * (UNIT_MS[total[3]] ?? NaN)) / 1000 : NaN,
    rps: Number(rps?.[1] ?? 0),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: Number(non2xx?.[1] ?? 0),
  };
}

export function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const args = ['-t1', `-c${spec.connections}`, `-d${spec.seconds}s`, '--latency', '--timeout', '10s'];
  for (const [name, value] of Object.entries(spec.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (spec.post) args.push('-s', join(ROOT, 'scripts/bench/wrk', spec.post.lua));
  args.push(spec.url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, ...(spec.post?.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const parsed = parseWrk(out);
      if (code !== 0 || !Number.isFinite(parsed.p99Ms)) reject(new Error(`wrk failed (${code}):\n${out}`));
      else resolve({ tool: 'wrk', ...parsed });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A closed loop per connection over keep-alive sockets: send, read the whole response, repeat. */
export async function runNode(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const start = performance.now();
  const deadline = start + spec.seconds * 1000;
  const once = () =>
    new Promise<void>((done) => {
      const body = spec.post?.body(sent);
      sent++;
      const began = performance.now();
      const headers: Record<string, string | number> = { ...(spec.headers ?? {}) };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: spec.post ? 'POST' : (spec.method ?? 'GET'), headers },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            latencies.push(performance.now() - began);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 400) non2xx++;
            done();
          });
          res.on('error', () => {
            errors++;
            done();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        done();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    tool: 'node',
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    non2xx,
  };
}

export type LoadRunner = (spec: LoadSpec) => Promise<LoadResult>;
