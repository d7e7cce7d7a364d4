// Shared helper for end-to-end tests: the REAL server (`src/node.ts` bundled into dist/node/server.mjs, what `npm start` runs) as a
// child process on a free port and a temp SQLite file, plus direct access to that file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Node server as `npm start` runs it; `npm test`'s pretest builds it. */
const SERVER_BUNDLE = join(ROOT, 'dist', 'node', 'server.mjs');

export interface TempDir {
  path: string;
  remove(): void;
}

/** A fresh temp directory; `remove()` deletes it and everything in it. */
export function tempDir(prefix = 'parley-e2e-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A port nobody listens on right now (the OS picks it for a throwaway listener). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not find a free port'));
        return;
      }
      const { port } = address;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface ServerOptions {
  /** Directory for parley.db (and parley.secret). Created (and removed on stop) when not given. */
  dir?: string;
  /** Port to listen on; a free one when not given. */
  port?: number;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  /** `http://127.0.0.1:{port}` (no trailing slash). */
  baseUrl: string;
  port: number;
  dir: string;
  dbFile: string;
  /** Every line the process wrote to stdout or stderr, in order of arrival. */
  output: string[];
  /** SIGTERM, then wait for the process to exit (SIGKILL after 5 s); removes the temp dir it created. */
  stop(): Promise<void>;
  /** How the process ended, once it has. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Start from the outer environment, but without any PARLEY_* setting that would make runs differ.
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PARLEY_')) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Raised when the port picked by freePort was taken by another process before the server bound it. */
class PortTaken extends Error {}

/**
 * Starts what `npm start` runs (`node dist/node/server.mjs`, built by `npm run build`) and resolves once GET /healthz answers 200.
 * Test files run in parallel, so a free port can be taken between freePort and the server's listen:
 * then it starts again on another port.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchServer(options, options.port ?? (await freePort()));
    } catch (err) {
      if (!(err instanceof PortTaken) || options.port !== undefined || attempt >= 5) throw err;
    }
  }
}

async function launchServer(options: ServerOptions, port: number): Promise<RunningServer> {
  const owned = options.dir === undefined ? tempDir() : null;
  const dir = options.dir ?? owned?.path ?? '';
  const dbFile = join(dir, 'parley.db');
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];

  const child: ChildProcess = spawn(process.execPath, [SERVER_BUNDLE], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), PARLEY_DB: dbFile, HOST: '127.0.0.1', ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolveExit({ code, signal });
    });
  });

  const stop = async () => {
    if (!done) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!done) child.kill('SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    // Let readline deliver the last buffered lines.
    await sleep(20);
    owned?.remove();
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (done) {
      await stop();
      const why = `the server exited before it was ready:\n${output.join('\n')}`;
      throw output.some((line) => line.includes('already in use')) ? new PortTaken(why) : new Error(why);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer GET /healthz within 15 s:\n${output.join('\n')}`);
    }
    await sleep(100);
  }

  return { baseUrl, port, dir, dbFile, output, stop, exited };
}

/** Runs `fn` on its own connection to the server's SQLite file (WAL, so the server can keep going). */
export function withDb<T>(dbFile: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile);
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** Marks comments approved directly in the database (the moderation API is not what these tests are about). */
export function approve(dbFile: string, ...ids: number[]): void {
  withDb(dbFile, (db) => {
    const update = db.prepare("update comments set status = 'approved' where id = ?");
    for (const id of ids) update.run(id);
  });
}

/** Merges `patch` into a site's stored settings JSON (e.g. `{ floodSeconds: 0 }`). */
export function patchSiteSettings(dbFile: string, slug: string, patch: Record<string, unknown>): void {
  withDb(dbFile, (db) => {
    const row = db.prepare('select settings from sites where slug = ?').get(slug) as { settings: string } | undefined;
    if (!row) throw new Error(`no site ${slug} in ${dbFile}`);
    const settings = JSON.parse(row.settings) as Record<string, unknown>;
    db.prepare('update sites set settings = ? where slug = ?').run(JSON.stringify({ ...settings, ...patch }), slug);
  });
}

/** Waits until `predicate` holds (polling), or `ms` have passed; answers whether it held. */
export async function waitFor(predicate: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
