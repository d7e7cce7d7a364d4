// The connection settings every Node connection to the SQLite file uses (the server's, the CLI's and
// the import writer thread's), kept in one place so that they cannot drift apart.
import type Database from 'better-sqlite3';

export function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -8000');
}
