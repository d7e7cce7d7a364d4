// The server's WAL checkpoints off the request thread. With SQLite's automatic checkpoint, the commit
// that takes the WAL past 1,000 pages copies them into the database file itself, on the thread that
// answers requests. Here the server's connection has `wal_autocheckpoint = 0` and a worker thread with
// its own connection checkpoints instead (checkpointer-thread.ts). Durability does not change: a
// commit is in the WAL when it is acknowledged, checkpointed or not. The CLI's connections keep the
// automatic checkpoint (short-lived; nothing waits on them).
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { CheckpointerData, CheckpointerStats } from './checkpointer-protocol.js';
import { startThread } from './thread.js';

/** SQLite's default wal_autocheckpoint, restored if the thread dies. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** Settles once the thread has its connection and checkpoints (at once, when it failed). */
  ready: Promise<void>;
  /** Stops the thread (after the checkpoint it may be running) and closes its connection. */
  stop(): Promise<CheckpointerStats | null>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  restartFrames?: number;
  log: (line: string) => void;
}

/** Null when there is no WAL to checkpoint (an in-memory database). */
export function startCheckpointer(file: string, sqlite: Database.Database, options: CheckpointerOptions): Checkpointer | null {
  if (file === ':memory:' || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  const data: CheckpointerData = {
    file: resolve(file),
    intervalMs: options.intervalMs ?? 100,
    // ~32 MiB of 4 KiB pages: a few ticks of the heaviest posting the bench makes.
    restartFrames: options.restartFrames ?? 8_000,
  };
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = startThread('checkpointer-thread', data);
  // The HTTP server keeps the process alive, not this thread.
  worker.unref();
  let stopping = false;
  let stats: CheckpointerStats | null = null;
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  const fallBack = (why: string) => {
    if (stopping || !sqlite.open) return;
    stopping = true;
    // Without the thread, the WAL would grow without bound: the commits checkpoint again.
    sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    options.log(`WAL checkpointer stopped (${why}): checkpoints run on the request thread again.`);
  };
  let markReady = () => undefined as void;
  const ready = new Promise<void>((done) => (markReady = done));
  worker.on('message', (message: CheckpointerStats | 'ready') => {
    if (message === 'ready') markReady();
    else stats = message;
  });
  void exited.then(markReady);
  worker.on('error', (error) => fallBack(error.message));
  worker.on('exit', (code) => fallBack(`exit code ${code}`));

  return {
    ready,
    async stop() {
      if (stopping) return stats;
      stopping = true;
      worker.postMessage('stop');
      const cutOff = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(cutOff);
      return stats;
    },
  };
}
