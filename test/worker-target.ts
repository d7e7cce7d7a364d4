// Runs the Worker build (dist/worker/worker.js, from `wrangler deploy --dry-run`) under workerd with
// a local D1 database through Miniflare, for the suites that run on both targets
// (PARLEY_TEST_TARGET=worker). The D1 database is a SQLite file that the tests also read directly.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { after } from 'node:test';
import { Miniflare } from 'miniflare';
import { openDatabase, type OpenedDatabase } from '../src/node/database.js';

export const onWorker = process.env.PARLEY_TEST_TARGET === 'worker';
const ROOT = resolve(import.meta.dirname, '..');
export const WORKER_SCRIPT = join(ROOT, 'dist/worker/worker.js');

export interface WorkerBackend {
  dispatch(url: string, init?: RequestInit): Promise<Response>;
  /** Runs the Worker's cron handler once (as the every-minute trigger does). */
  scheduled(): Promise<void>;
  database: OpenedDatabase;
  close(): Promise<void>;
}

interface Instance {
  key: string;
  mf: Miniflare;
  persist: string;
  database: OpenedDatabase;
  logSink: { log: (line: string) => void };
  idle: NodeJS.Timeout | null;
}

/** Idle workerd instances by bindings, reused by the next service in this file (starting one takes a second or two). */
const idle: Instance[] = [];
/** More idle instances than this (services with other bindings) are disposed, oldest first. */
const MAX_IDLE = 3;

/**
 * Under the test runner (each file in its own process), idle instances live until the file's last
 * test is done, so a file starts workerd once per set of bindings, however long its tests pause.
 * Registered at import time, so the hook belongs to the file's root, not to one test.
 */
const untilFileEnds = process.env.NODE_TEST_CONTEXT !== undefined;
if (untilFileEnds) {
  after(async () => {
    await Promise.all(idle.splice(0).map(dispose));
  });
}

async function dispose(inst: Instance): Promise<void> {
  inst.database.close();
  await inst.mf.dispose();
  rmSync(inst.persist, { recursive: true, force: true });
}

/** Empties every table, so each service starts from a fresh database as on Node. */
function wipe(database: OpenedDatabase): void {
  const tables = database.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_%' escape '\\' and name not like 'comments_fts%'")
    .all() as Array<{ name: string }>;
  database.sqlite.transaction(() => {
    for (const { name } of tables) database.sqlite.prepare(`delete from "${name}"`).run();
    database.sqlite.prepare("insert into comments_fts(comments_fts) values ('delete-all')").run();
    database.sqlite.prepare('delete from sqlite_sequence').run();
  })();
}

async function create(key: string, env: Record<string, string>, logSink: Instance['logSink'], script: string): Promise<Instance> {
  if (process.env.PARLEY_TEST_POOL_LOG) process.stderr.write(`workerd started for ${key}\n`);
  const persist = mkdtempSync(join(tmpdir(), 'parley-d1-'));
  const mf = new Miniflare({
    rootPath: ROOT,
    modules: true,
    scriptPath: script,
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'parley-test' },
    d1Persist: persist,
    bindings: {
      PARLEY_DEMO: 'true',
      PARLEY_LOG: 'true',
      PARLEY_TEST_CLOCK: '1',
      PARLEY_SECRET: 'test-secret-that-is-long-enough-0123456789',
      ...env,
    },
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      for (const stream of [stdout, stderr]) {
        let buffer = '';
        stream.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) logSink.log(line.trim());
        });
      }
    },
  });
  // Touch D1 so workerd creates its SQLite file, then migrate that file with the drizzle migrations.
  const d1 = await mf.getD1Database('DB');
  await d1.prepare('select 1').run();
  const dir = join(persist, 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error('Miniflare created no D1 database file');
  return { key, mf, persist, database: openDatabase(join(dir, file)), logSink, idle: null };
}

/** `script`: another build of the Worker to run (default: dist/worker/worker.js). */
export async function startWorker(options: { env?: Record<string, string>; log: (line: string) => void; script?: string }): Promise<WorkerBackend> {
  const script = options.script ?? WORKER_SCRIPT;
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build:worker\``);
  const env = options.env ?? {};
  const key = JSON.stringify({ env, script });
  const reusable = idle.findIndex((i) => i.key === key);
  const inst = reusable >= 0 ? (idle.splice(reusable, 1)[0] as Instance) : await create(key, env, { log: options.log }, script);
  if (inst.idle) clearTimeout(inst.idle);
  inst.idle = null;
  inst.logSink.log = options.log;
  wipe(inst.database);
  let closed = false;
  return {
    // dispatchFetch passes the body on as a stream: the Worker sees every request body as chunked,
    // without the Content-Length a real client would declare for a string body.
    dispatch: async (url, init) => (await inst.mf.dispatchFetch(url, { redirect: 'manual', ...init } as never)) as unknown as Response,
    database: inst.database,
    async scheduled() {
      const worker = await inst.mf.getWorker();
      await worker.scheduled({ cron: '* * * * *' });
    },
    async close() {
      if (closed) return;
      closed = true;
      idle.push(inst);
      while (idle.length > MAX_IDLE) {
        const oldest = idle.shift();
        if (oldest) void dispose(oldest);
      }
      if (untilFileEnds) return;
      // Outside the test runner: kept for the next service, disposed once nothing uses it.
      inst.idle = setTimeout(() => {
        const at = idle.indexOf(inst);
        if (at >= 0) idle.splice(at, 1);
        void dispose(inst);
      }, 300);
    },
  };
}
