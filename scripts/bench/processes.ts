// The benchmark's child processes: the real server (`npm start`'s code), the bare node:http
// baseline and the raw better-sqlite3 insert baseline, plus their memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_SECRET = 'parley-bench-secret-0123456789abcdef';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = address !== null && typeof address !== 'string' ? address.port : 0;
      probe.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

export interface Child {
  pid: number;
  port: number;
  baseUrl: string;
  /** Lines the process wrote (stderr, and stdout unless it goes to a log file). */
  output: string[];
  stop(): Promise<void>;
}

/** Resident memory of a process in MiB (Linux /proc; null elsewhere). */
export function rssMiB(pid: number): number | null {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return null;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(file, 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : null;
}

/** Environment without PARLEY_* settings of the shell the bench runs in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PARLEY_') && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, ...extra };
}

function launch(args: string[], env: Record<string, string>, logFile: string | null): { child: ChildProcess; output: string[] } {
  // A production server writes its request log straight to a file (or the journal): stdout is the file.
  const log = logFile === null ? 'pipe' : openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', log, 'pipe'] });
  if (typeof log === 'number') closeSync(log);
  const output: string[] = [];
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => output.push(line));
  return { child, output };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitUntil(url: string, child: ChildProcess, output: string[], what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited before it was ready:\n${output.join('\n')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within 30 s:\n${output.join('\n')}`);
    await sleep(100);
  }
}

export interface ServerOptions {
  dbFile: string;
  /** Request log on (the production default) or off. */
  log: boolean;
  /** Response cache size in MiB (0 = off). */
  cacheMb?: number;
  /** Extra flags for node (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Extra environment (e.g. PARLEY_BENCH_STATS). */
  env?: Record<string, string>;
}

/** `npm start`'s node arguments (its V8 flags, then `extra` flags, then the bundle), read from package.json so the bench runs exactly that. */
function startArgs(extra: string[]): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node' || args.length === 0) throw new Error(`npm start is "${pkg.scripts.start}", not "node … FILE"`);
  return [...args.slice(0, -1), ...extra, ...args.slice(-1)];
}

/** The real server: `node dist/node/server.mjs` (src/node.ts bundled), as `npm start` runs it, with production settings. */
export async function startParley(options: ServerOptions): Promise<Child> {
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PARLEY_DB: options.dbFile,
    PARLEY_SECRET: BENCH_SECRET,
    PARLEY_DEMO: 'false',
    PARLEY_LOG: String(options.log),
    // The reactor's simulated readers say which network they come from (X-Forwarded-For), as behind a proxy.
    PARLEY_TRUSTED_PROXIES: '1',
  };
  if (options.cacheMb !== undefined) env.PARLEY_CACHE_MB = String(options.cacheMb);
  Object.assign(env, options.env);
  const { child, output } = launch(startArgs(options.nodeFlags ?? []), env, join(dirname(options.dbFile), 'server.log'));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(`${baseUrl}/healthz`, child, output, 'the Parley server');
  return { pid: child.pid ?? 0, port, baseUrl, output, stop: () => stopChild(child) };
}

/** The baseline: bare node:http answering the recorded response's bytes. */
export async function startBare(responseFile: string): Promise<Child> {
  const port = await freePort();
  const { child, output } = launch(['--import', 'tsx', 'scripts/bench/bare-server.ts', responseFile, String(port)], { NODE_ENV: 'production' }, null);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(`${baseUrl}/`, child, output, 'the bare node:http server');
  return { pid: child.pid ?? 0, port, baseUrl, output, stop: () => stopChild(child) };
}

export interface RawInsertResult {
  /** Rows/s, one autocommit transaction per row, into the migrated comments table (indexes, FTS). */
  commentsAutocommit: number;
  /** Rows/s, `group` rows per transaction (the connections of the POST load: the largest group commit it allows). */
  commentsGrouped: number;
  group: number;
  /** Rows/s, 1,000 rows per transaction, same table. */
  commentsBatched: number;
  /** Rows/s, one autocommit transaction per row, into a table with no index (the 68,000/s). */
  plainAutocommit: number;
}

/** The database baseline, in its own process so it has a core to itself like the server. */
export async function rawInserts(dir: string, seconds: number, group = 50): Promise<RawInsertResult> {
  const { child, output } = launch(['--import', 'tsx', 'scripts/bench/raw-inserts.ts', dir, String(seconds), String(group)], {}, null);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const json = output.find((line) => line.startsWith('{'));
  if (code !== 0 || !json) throw new Error(`raw-inserts failed:\n${output.join('\n')}`);
  return JSON.parse(json) as RawInsertResult;
}
