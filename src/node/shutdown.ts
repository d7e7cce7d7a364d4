// Graceful stop of the Node server on SIGTERM or SIGINT: stop accepting connections, let the requests
// already being answered finish (up to a limit), then checkpoint the WAL into the database file, close
// it and exit 0. Nothing else needs draining: webhook events wait in their outbox table, written in
// the same transaction as the comment, and the next start delivers them.
import type { Server } from 'node:http';
import type Database from 'better-sqlite3';

export interface ShutdownDeps {
  server: Server;
  sqlite: Database.Database;
  /** How long requests in flight may take to finish before their connections are closed. */
  graceMs: number;
  /** Called first: timers and other work that would start new writes. */
  stopBackground: () => void;
  /** Called once the last request is answered, before the final checkpoint: the checkpointer thread. */
  stopThreads: () => Promise<void>;
  /** Writes out what the request log still holds. */
  flushLog: () => void;
  log: (line: string) => void;
}

/** Installs the signal handlers; a second signal while stopping exits at once (status 1). */
export function stopGracefully(deps: ShutdownDeps): { stopping: () => boolean } {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      deps.flushLog();
      process.exit(1);
    }
    stopping = true;
    deps.log(`Parley stopping (${signal}): answering the requests in flight, then closing the database.`);
    deps.stopBackground();
    // New connections are refused from now on; keep-alive connections close once their request is answered.
    deps.server.close(() => void finish());
    deps.server.closeIdleConnections();
    const limit = setTimeout(() => {
      deps.log(`Parley stopping: requests still open after ${deps.graceMs} ms are cut off.`);
      deps.server.closeAllConnections();
    }, deps.graceMs);
    limit.unref();
  };
  const finish = async () => {
    try {
      // The thread's own checkpoint is over before the last one runs here, and its connection closed.
      await deps.stopThreads();
      // Moves the WAL's pages into the database file, so a copy of parley.db alone is complete.
      deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      deps.sqlite.close();
    } catch (err) {
      deps.log(`Parley stopping: closing the database failed: ${err instanceof Error ? err.message : 'unknown'}`);
      deps.flushLog();
      process.exit(1);
    }
    deps.log('Parley stopped.');
    deps.flushLog();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { stopping: () => stopping };
}
