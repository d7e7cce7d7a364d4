// `npm run bench -- --import`: the import goal of issue 12. Generates a WXR file of 1,000,000
// comments (20,000 posts, threads three deep), imports it with the CLI into a local database, then
// imports a smaller file through a running server's API (`--to`), sampling the peak RSS of the
// process that does the work each time.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SECRET, ROOT, rssMiB, sleep, startParley, type Child } from './processes.js';
import { generateWxr } from './wxr-generate.js';

export interface ImportBenchOptions {
  dir: string;
  posts: number;
  perPost: number;
  /** Posts in the file sent through the server's API. */
  apiPosts: number;
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
  exitCode: number | null;
  report: string;
}

/** Samples a process's RSS every 100 ms until stopped; answers the peak. */
function rssSampler(pid: () => number | undefined) {
  let peak: number | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const id = pid();
      const rss = id ? rssMiB(id) : null;
      if (rss !== null && (peak === null || rss > peak)) peak = rss;
      await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

interface CliRun {
  code: number | null;
  out: string;
  err: string;
  seconds: number;
  peakRssMiB: number | null;
}

/** Runs `parley ARGS` (bin/parley.js) and measures its time and peak RSS. */
async function parley(args: string[], env: Record<string, string>, sampleAlso?: Child): Promise<CliRun & { otherPeak: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/parley.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const own = rssSampler(() => child.pid);
  const other = sampleAlso ? rssSampler(() => sampleAlso.pid) : null;
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const seconds = (performance.now() - started) / 1000;
  return { code, out, err, seconds, peakRssMiB: await own.stop(), otherPeak: other ? await other.stop() : null };
}

const fileMiB = (file: string) => statSync(file).size / 1024 / 1024;

export async function importBench(options: ImportBenchOptions): Promise<ImportFigure[]> {
  const { dir, log } = options;
  const figures: ImportFigure[] = [];

  const big = join(dir, 'big.xml');
  log(`generating ${options.posts * options.perPost} comments (${options.posts} posts) into ${big}`);
  await generateWxr(big, options.posts, options.perPost);
  const localDb = join(dir, 'local.db');
  const localEnv = { PARLEY_DB: localDb, PARLEY_SECRET: BENCH_SECRET };
  await parley(['site', 'add', 'bench', '--origin', 'https://news.example.org'], localEnv);
  log('importing it with the CLI (local database)');
  const local = await parley(['import', big, '--site', 'bench', '--format', 'wordpress', '--json'], localEnv);
  figures.push({
    what: 'CLI, local SQLite',
    comments: options.posts * options.perPost,
    fileMiB: fileMiB(big),
    seconds: local.seconds,
    peakRssMiB: local.peakRssMiB,
    exitCode: local.code,
    report: local.code === 0 ? local.out.trim() : local.err.trim(),
  });

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
      peakRssMiB: remote.otherPeak,
      cliPeakRssMiB: remote.peakRssMiB,
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
    return `| ${f.what} | ${f.comments.toLocaleString('en')} | ${f.fileMiB.toFixed(0)} MiB | ${f.seconds.toFixed(1)} s | ${rate.toLocaleString('en')}/s | ${rss}${cli} | ${f.exitCode === 0 ? 'ok' : `exit ${f.exitCode}`} |`;
  });
  const goals = figures.map((f) => `- ${f.what}: ${f.seconds <= 60 ? 'met' : 'MISSED'} ≤ 60 s, ${f.peakRssMiB !== null && f.peakRssMiB <= 200 ? 'met' : 'MISSED'} RSS ≤ 200 MB`);
  return [
    '| import | comments | file | time | rate | peak RSS | result |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    ...goals,
    '',
    ...figures.map((f) => `${f.what} report: ${f.report.slice(0, 2000)}`),
  ].join('\n');
}
