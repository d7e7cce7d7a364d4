// `npm run bench`: the real server against baselines measured in the same run on the same machine.
//   npm run bench -- [--scale] [--soak MINUTES] [--quick] [--seconds S] [--rounds N] [--connections C]
//                    [--log on|off] [--node-flags="FLAGS"] [--json FILE] [--strict] [--keep]
//                    [--profile thread|counts|post|queue]
//   npm run bench -- --posting [--seconds S] [--rounds N]   (comment POSTs and the write path only)
//   npm run bench -- --gets [--seconds S] [--rounds N]   (only the warm thread and counts GETs against bare)
//   npm run bench -- --worker [--seconds S]   (the Worker under workerd + local D1 beside Node; D1 queries per request)
//   npm run bench -- --import [--posts N] [--per-post N] [--api-posts N] [--wxr FILE] [--keep]
// --quick is the smoke version that `npm test` runs: seconds, the built-in load generator, no goals.
// --import generates a 1,000,000-comment WXR and measures importing it (scripts/bench/import.ts);
// --wxr FILE keeps that file there and reuses it on the next run.
// --profile runs one scenario against a server under `node --cpu-prof` and prints where the time went.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runNode, runWrk, wrkAvailable, WRK_HELP } from './load.js';
import { getsBench } from './gets.js';
import { importBench, renderImportFigures } from './import.js';
import { PROFILED, profileScenario } from './profile-run.js';
import { postingBench, renderPosting } from './posting.js';
import { renderWorker, workerBench } from './worker.js';
import { rawInserts, rssMiB, startParley, type Child } from './processes.js';
import { currentLoad, machine, render, type Report } from './report.js';
import { judge, suite, type SuiteResult } from './suite.js';
import { judgeReadSide, readSide } from './read-side.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'boolean', default: false },
    soak: { type: 'string' },
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    log: { type: 'string', default: 'on' },
    'node-flags': { type: 'string' },
    json: { type: 'string' },
    strict: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-wrk': { type: 'boolean', default: false },
    profile: { type: 'string' },
    import: { type: 'boolean', default: false },
    posts: { type: 'string' },
    'per-post': { type: 'string' },
    'api-posts': { type: 'string' },
    wxr: { type: 'string' },
    // `--only read`: just the read-side scenarios of issue 14 (scripts/bench/read-side.ts).
    only: { type: 'string' },
    posting: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    gets: { type: 'boolean', default: false },
  },
});

const quick = values.quick ?? false;
const useWrk = !quick && !values['no-wrk'] && wrkAvailable();
if (!quick && !useWrk) console.log(WRK_HELP);
const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const log = (line: string) => console.log(`[bench] ${line}`);
const plan = {
  run: useWrk ? runWrk : runNode,
  tool: useWrk ? ('wrk' as const) : ('node' as const),
  connections: number(values.connections, quick ? 8 : 50),
  seconds: number(values.seconds, quick ? 1 : 8),
  rounds: number(values.rounds, quick ? 1 : 3),
  warmSeconds: quick ? 0.5 : 3,
  dir,
};
const options = {
  plan,
  log,
  quick,
  scale: values.scale ?? false,
  soakMinutes: values.soak === undefined ? 0 : Number(values.soak),
  requestLog: values.log !== 'off',
  nodeFlags: values['node-flags'] ? values['node-flags'].split(/\s+/).filter(Boolean) : [],
  rawSeconds: quick ? 0.3 : 3,
};

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const report: Report = {
  machine: machine(),
  load: `${plan.tool === 'wrk' ? 'wrk -t1' : 'built-in node:http generator'}, ${plan.connections} connections, ${plan.rounds} round(s) of ${plan.seconds} s after ${plan.warmSeconds} s of warm-up, medians; request log ${options.requestLog ? 'on (to a file)' : 'off'}${options.nodeFlags.length ? `; server node flags ${options.nodeFlags.join(' ')}` : ''}`,
  command,
  started: new Date().toISOString(),
  loadAverage: { before: currentLoad(), after: [] },
  rows: [],
  goals: [],
  memory: {},
  checks: {},
  notes: [],
};
if ((report.loadAverage.before[0] ?? 0) > 1.5) {
  report.notes.push(`The machine was busy before the run (load average ${report.loadAverage.before.join(' ')}); baselines share the load, ratios are fairer than absolute numbers.`);
}

if (values.import) {
  try {
    const figures = await importBench({
      dir,
      posts: number(values.posts, 20_000),
      perPost: number(values['per-post'], 50),
      apiPosts: number(values['api-posts'], 2_000),
      wxr: values.wxr,
      log,
    });
    console.log(`\n${renderImportFigures(figures)}\n`);
    if (values.json) writeFileSync(values.json, JSON.stringify(figures, null, 2));
    process.exitCode = figures.every((f) => f.exitCode === 0) ? 0 : 1;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
  process.exit();
}

if (values.worker) {
  try {
    console.log(`\n${renderWorker(await workerBench(plan, log))}\n`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (values.gets) {
  try {
    console.log(`\n${await getsBench(plan, options.requestLog, log)}\n`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (values.posting) {
  try {
    console.log(`\n${renderPosting(await postingBench(plan, options.rawSeconds, log))}\n`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (values.profile !== undefined) {
  const scenario = PROFILED.find((name) => name === values.profile);
  if (!scenario) throw new Error(`--profile takes one of ${PROFILED.join(', ')}`);
  try {
    console.log(`\n${await profileScenario(plan, scenario, log)}`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

let failed = false;
const running: Child[] = [];
try {
  if (values.only !== 'read') {
    const result: SuiteResult = await suite(options, report, running, { startParley, rawInserts, rssMiB });
    report.goals = quick ? [] : judge(result);
    failed = result.correctnessFailed;
  }
  const read = await readSide(options, report, running, startParley);
  if (!quick) report.goals.push(...judgeReadSide(read));
  failed ||= read.correctnessFailed;
  report.loadAverage.after = currentLoad();
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const child of running) await child.stop().catch(() => undefined);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

console.log(`\n${render(report)}\n`);
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
const missed = report.goals.some((g) => g.met === false);
if (failed) console.log('A correctness check failed (errors, or a stale read): see above.');
process.exitCode = failed || (values.strict && missed) ? 1 : 0;
