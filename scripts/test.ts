// Runs the test files concurrently, one process per file (node:test's run(), which keeps the order
// it is given, unlike `node --test`, which sorts), the slowest first so that none of them finishes
// alone at the end. `npm test` runs every file; `npm test -- --quick` (npm run test:quick) only the
// inner loop. Parallel-safe rules for a test file: docs/testing.md.
//
//   tsx scripts/test.ts [--quick] [--jobs N] [file …]     (PARLEY_TEST_JOBS=N also sets the jobs)
import { mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Files that start Chromium, workerd, the bench or many real server processes, slowest first (as
 * measured: see docs/testing.md). They run first, and `--quick` leaves them out. A file not named
 * here is in the quick loop, so it must stay fast: a slow new file belongs in this list.
 */
export const SLOW_FILES = [
  'worker-robustness-json',
  'worker-robustness-form-2',
  'worker-robustness-form-1',
  'worker-robustness-rest',
  'worker-admin',
  'worker-roles',
  'worker-spam',
  'worker-bans',
  'worker-post-trips',
  'worker-bulk',
  'worker-page-trips',
  'worker-public',
  'robustness',
  'bench-smoke',
  'widget-post',
  'widget-ban',
  'admin-ui-browser',
  'admin-ui-roles',
  'admin-ui-spam',
  'admin-ui-bans',
  'worker-equivalence',
  'widget-thread',
  'widget-edit',
  'cli',
  'widget-a11y',
  'widget-i18n',
  'widget-demo',
  'widget-hostile',
  'admin-ui-a11y',
  'admin-ui-hostile',
  'admin-ui-keyboard',
  'embed',
  'backup',
  'restore',
  'restart',
  'openapi-docs-browser',
];

function parseArgs(argv: string[]) {
  let quick = false;
  let jobs = Number(process.env.PARLEY_TEST_JOBS) || 0;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--quick') quick = true;
    else if (arg === '--jobs') jobs = Number(argv[++i]);
    else if (arg.startsWith('--jobs=')) jobs = Number(arg.slice('--jobs='.length));
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else files.push(resolve(arg));
  }
  // Two jobs per core: most files spend much of their time waiting on a browser, a child process or
  // a socket, so twice as many as there are cores keeps the cores busy without thrashing them.
  if (!Number.isInteger(jobs) || jobs < 1) jobs = Math.min(8, Math.max(2, availableParallelism() * 2));
  return { quick, jobs, files };
}

const nameOf = (file: string) => relative(join(ROOT, 'test'), file).replace(/\.test\.ts$/, '');

function testFiles(quick: boolean): string[] {
  const all = readdirSync(join(ROOT, 'test'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(ROOT, 'test', f));
  const rank = (file: string) => {
    const at = SLOW_FILES.indexOf(nameOf(file));
    return at < 0 ? SLOW_FILES.length : at;
  };
  const ordered = all.sort((a, b) => rank(a) - rank(b));
  return quick ? ordered.filter((f) => !SLOW_FILES.includes(nameOf(f))) : ordered;
}

/**
 * The tests' temp files (SQLite databases, D1's files under workerd, Chromium profiles) go where
 * os.tmpdir() says. A memory file system is used when there is a roomy one: every commit to a test
 * database on disk waits for an fsync, which made the Worker suites several times slower. The
 * directory is the run's own and is removed afterwards, with whatever a failed test left in it.
 */
function fastTempDir(): string | null {
  const shm = '/dev/shm';
  try {
    const fs = statfsSync(shm);
    if (fs.bavail * fs.bsize < 1024 ** 3) return null;
    return mkdtempSync(join(shm, 'parley-test-'));
  } catch {
    return null;
  }
}

const { quick, jobs, files: named } = parseArgs(process.argv.slice(2));
const files = named.length > 0 ? named : testFiles(quick);
const temp = process.env.PARLEY_TEST_DISK_TMP ? null : fastTempDir();
if (temp) process.env.TMPDIR = temp;
console.log(`Running ${files.length} test files, ${jobs} at a time${quick ? ' (quick)' : ''}${temp ? `, temp files in ${temp}` : ''}.`);

/** How long each file's process ran, to keep SLOW_FILES in order (printed at the end). */
const spent = new Map<string, number>();
const running = new Set(files);

const started = Date.now();
const stream = run({ files, concurrency: jobs });
// A file's own events (as opposed to its tests') are named after the file.
stream.on('test:complete', (data: { name: string; file?: string; details: { duration_ms: number } }) => {
  if (data.file === data.name && running.has(data.file)) spent.set(data.file, data.details.duration_ms);
});
stream.on('test:fail', () => {
  process.exitCode = 1;
});
process.on('exit', () => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  const slowest = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\nSlowest files (how long each one's process ran; the whole run took ${seconds(Date.now() - started)}):`);
  for (const [file, ms] of slowest) console.log(`  ${seconds(ms).padStart(8)}  ${nameOf(file)}`);
});
stream.compose(new spec()).pipe(process.stdout);
