// The server's WAL checkpoints, on their own thread and connection (see checkpointer.ts). Every tick
// it looks at the WAL file (one stat): when something was written since its last checkpoint, it runs
// a PASSIVE checkpoint, which copies the committed pages into the database file without taking the
// write lock, so the request thread keeps committing meanwhile. Under a steady stream of commits a
// passive checkpoint may never find the WAL fully copied, and SQLite starts writing the WAL from its
// beginning again only then: past `restartFrames` it asks for a RESTART, which does take the write
// lock (briefly: the passive pass has copied nearly everything). When nothing was written for a
// whole tick, it TRUNCATEs the WAL to 0 bytes. Its busy timeout is 0: it never holds the write lock
// while it waits for a reader or the writer, so the request thread never sleeps on it for long; a
// blocked RESTART or TRUNCATE is simply tried again on a later tick.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerData, CheckpointerStats } from './checkpointer-protocol.js';

const port = parentPort;
if (!port) throw new Error('checkpointer-thread runs as a worker thread');
const { file, intervalMs, restartFrames } = workerData as CheckpointerData;
const sqlite = new Database(file, { fileMustExist: true });
sqlite.pragma('busy_timeout = 0');
const walFile = `${file}-wal`;
const stats: CheckpointerStats = { passive: 0, restart: 0, truncate: 0, busy: 0, maxFrames: 0 };

interface Result {
  busy: number;
  log: number;
  checkpointed: number;
}
const checkpoint = (mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE'): Result => {
  const [row] = sqlite.pragma(`wal_checkpoint(${mode})`) as Result[];
  return row ?? { busy: 1, log: -1, checkpointed: -1 };
};

/** Size and modification time of the WAL: changes with every commit (a restarted WAL is rewritten in place). */
const walState = (): string => {
  try {
    const s = statSync(walFile, { bigint: true });
    return `${s.size}:${s.mtimeNs}`;
  } catch {
    return 'none';
  }
};
const isEmpty = (state: string) => state === 'none' || state.startsWith('0:');

// The first tick always checkpoints: a WAL left by a process that was killed is copied at start.
let seen = '';
let caughtUp = false;
const tick = () => {
  const now = walState();
  if (now === seen) {
    // Quiet for a whole tick, and everything copied: give the disk space back.
    if (caughtUp && !isEmpty(now)) {
      if (checkpoint('TRUNCATE').busy === 0) stats.truncate++;
      else stats.busy++;
      seen = walState();
    }
    return;
  }
  let result = checkpoint('PASSIVE');
  stats.passive++;
  stats.maxFrames = Math.max(stats.maxFrames, result.log);
  if (result.log >= restartFrames) {
    const restarted = checkpoint('RESTART');
    if (restarted.busy === 0) {
      stats.restart++;
      result = restarted;
    } else stats.busy++;
  }
  caughtUp = result.log === result.checkpointed;
  seen = walState();
};

const timer = setInterval(tick, intervalMs);
port.postMessage('ready');
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  sqlite.close();
  port.postMessage(stats);
  port.close();
});
