// `npm run bench -- --import`: the import goal of issue 12. Generates a WXR file of 1,000,000
// comments (20,000 posts, threads three deep), imports it with the CLI into a local database, then
// imports a smaller file through a running server's API (`--to`), sampling the peak RSS of the
// process that does the work each time.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_SECRET, ROOT, rssMiB, sleep, startParley, type Child } from './processes.js';
import { generateWxr } from './wxr-generate.js';

export interface ImportBenchOptions {
  dir: string;
  posts: number;
  perPost: number;
  /** Posts in the file sent through the server's API. */
  apiPosts: number;
  /** The 1M file to import: reused when it exists (it takes a while to write), else written there and kept. */
  wxr?: string;
  log: (line: string) => void;
}

export interface ImportFigure {
  what: string;
  comments: number;
  fileMiB: number;
  seconds: number;
  /** Peak RSS of the measured process (the CLI, or the server for --to), in MiB. */
  peakRssMiB: number | null;
  /** Peak RSS of the CLI in the API run (it parses the file). */
  cliPeakRssMiB?: number | null;
  /** CPU time (user + system) the measured process spent: a figure the other loads of a shared machine do not inflate. */
  cpuSeconds: number | null;
  /** The 1-minute load average when the import ended (2 cores: above 2, processes were waiting for a core). */
  loadAverage: number;
  exitCode: number | null;
  report: string;
}

/** User + system CPU seconds of a process so far (Linux /proc, 100 ticks a second), or null. */
function cpuSeconds(pid: number): number | null {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  try {
    // The fields after the command name (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
    const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Samples a process's RSS and CPU time every 100 ms until stopped; answers the peak RSS and the CPU time spent meanwhile. */
function sampler(pid: () => number | undefined) {
  let peak: number | null = null;
  let firstCpu: number | null = null;
  let lastCpu: number | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const id = pid();
      const rss = id ? rssMiB(id) : null;
      if (rss !== null && (peak === null || rss > peak)) peak = rss;
      const cpu = id ? cpuSeconds(id) : null;
      if (cpu !== null) {
        firstCpu ??= cpu;
        lastCpu = cpu;
      }
      await sleep(100);
    }
  })();
  return {
    async stop(): Promise<{ peak: number | null; cpu: number | null }> {
      running = false;
      await loop;
      return { peak, cpu: lastCpu === null || firstCpu === null ? null : lastCpu - firstCpu };
    },
  };
}

interface CliRun {
  code: number | null;
  out: string;
  err: string;
  seconds: number;
  peakRssMiB: number | null;
  cpuSeconds: number | null;
}

/** Runs `parley ARGS` (bin/parley.js, executed as `npx parley` does: through its #! line and its Node flags) and measures its time and peak RSS. */
async function parley(args: string[], env: Record<string, string>, sampleAlso?: Child): Promise<CliRun & { other: { peak: number | null; cpu: number | null } | null }> {
  const started = performance.now();
  const child = spawn(join(ROOT, 'bin', 'parley.js'), args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const own = sampler(() => child.pid);
  const other = sampleAlso ? sampler(() => sampleAlso.pid) : null;
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const seconds = (performance.now() - started) / 1000;
  const mine = await own.stop();
  return { code, out, err, seconds, peakRssMiB: mine.peak, cpuSeconds: mine.cpu, other: other ? await other.stop() : null };
}

const fileMiB = (file: string) => statSync(file).size / 1024 / 1024;

export async function importBench(options: ImportBenchOptions): Promise<ImportFigure[]> {
  const { dir, log } = options;
  const figures: ImportFigure[] = [];

  const big = options.wxr ?? join(dir, 'big.xml');
  if (options.wxr && existsSync(options.wxr)) log(`reusing ${big} (delete it to generate it again)`);
  else {
    log(`generating ${options.posts * options.perPost} comments (${options.posts} posts) into ${big}`);
    await generateWxr(big, options.posts, options.perPost);
  }
  // The file into a fresh local database with the CLI: the default (SQLite on its writer thread), then
  // written on the main thread (--no-writer-thread).
  const localImport = async (what: string, dbName: string, flags: string[]) => {
    const env = { PARLEY_DB: join(dir, dbName), PARLEY_SECRET: BENCH_SECRET };
    await parley(['site', 'add', 'bench', '--origin', 'https://news.example.org'], env);
    log(`importing it: ${what}`);
    const run = await parley(['import', big, '--site', 'bench', '--format', 'wordpress', '--json', ...flags], env);
    figures.push({
      what,
      comments: options.posts * options.perPost,
      fileMiB: fileMiB(big),
      seconds: run.seconds,
      peakRssMiB: run.peakRssMiB,
      cpuSeconds: run.cpuSeconds,
      loadAverage: loadavg()[0] ?? 0,
      exitCode: run.code,
      report: run.code === 0 ? run.out.trim() : run.err.trim(),
    });
  };
  await localImport('CLI, local SQLite (writer thread)', 'local.db', []);
  await localImport('CLI --no-writer-thread, local SQLite', 'single.db', ['--no-writer-thread']);

  const small = join(dir, 'small.xml');
  await generateWxr(small, options.apiPosts, options.perPost);
  const serverDb = join(dir, 'server.db');
  const serverEnv = { PARLEY_DB: serverDb, PARLEY_SECRET: BENCH_SECRET };
  await parley(['site', 'add', 'bench', '--origin', 'https://news.example.org'], serverEnv);
  const token = (await parley(['token', 'create', '--name', 'bench-import'], serverEnv)).out.trim();
  const server = await startParley({ dbFile: serverDb, log: false });
  try {
    log(`importing ${options.apiPosts * options.perPost} comments through the server's API`);
    const remote = await parley(['import', small, '--site', 'bench', '--format', 'wordpress', '--json', '--to', server.baseUrl, '--token', token], {}, server);
    figures.push({
      what: 'CLI --to the Node server (server RSS)',
      comments: options.apiPosts * options.perPost,
      fileMiB: fileMiB(small),
      seconds: remote.seconds,
      peakRssMiB: remote.other?.peak ?? null,
      cliPeakRssMiB: remote.peakRssMiB,
      cpuSeconds: remote.other?.cpu ?? null,
      loadAverage: loadavg()[0] ?? 0,
      exitCode: remote.code,
      report: remote.code === 0 ? remote.out.trim() : remote.err.trim(),
    });
  } finally {
    await server.stop();
  }
  return figures;
}

export function renderImportFigures(figures: ImportFigure[]): string {
  const rows = figures.map((f) => {
    const rss = f.peakRssMiB === null ? 'n/a' : `${f.peakRssMiB.toFixed(0)} MiB`;
    const cli = f.cliPeakRssMiB === undefined ? '' : ` (CLI ${f.cliPeakRssMiB === null ? 'n/a' : `${f.cliPeakRssMiB.toFixed(0)} MiB`})`;
    const rate = f.seconds > 0 ? Math.round(f.comments / f.seconds) : 0;
    const cpu = f.cpuSeconds === null ? 'n/a' : `${f.cpuSeconds.toFixed(1)} s`;
    return `| ${f.what} | ${f.comments.toLocaleString('en')} | ${f.fileMiB.toFixed(0)} MiB | ${f.seconds.toFixed(1)} s | ${cpu} | ${rate.toLocaleString('en')}/s | ${rss}${cli} | ${f.loadAverage.toFixed(1)} | ${f.exitCode === 0 ? 'ok' : `exit ${f.exitCode}`} |`;
  });
  const goals = figures.map(
    (f) =>
      `- ${f.what}: ${f.seconds <= 60 ? 'met' : 'MISSED'} ≤ 60 s (CPU time ${f.cpuSeconds !== null && f.cpuSeconds <= 60 ? 'within' : 'over'} 60 s), ${f.peakRssMiB !== null && f.peakRssMiB <= 200 ? 'met' : 'MISSED'} RSS ≤ 200 MB`,
  );
  return [
    '| import | comments | file | time | CPU time | rate | peak RSS | load avg | result |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    'CPU time is the measured process\'s user + system time: on a machine shared with other work (load average above 2 on 2 cores) it is the fairer figure; wall time includes waiting for a core and for the disk.',
    ...goals,
    '',
    ...figures.map((f) => `${f.what} report: ${f.report.slice(0, 2000)}`),
  ].join('\n');
}
