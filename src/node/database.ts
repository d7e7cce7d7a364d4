// Opening the SQLite file for the Node server: pragmas, then the drizzle-kit migrations.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SqliteStore } from '../store/sqlite-moderation.js';
import { applyPragmas } from './pragmas.js';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface OpenedDatabase {
  sqlite: Database.Database;
  store: SqliteStore;
  /** SQLite's `PRAGMA data_version`: changes when another connection (the CLI, another process) commits. */
  dataVersion(): number;
  close(): void;
}

export function openDatabase(file: string): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  const db = drizzle({ client: sqlite });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  const store = new SqliteStore(db);
  // Comments left unindexed (a crash, another process's import) are indexed in the background.
  store.search.start();
  return { sqlite, store, dataVersion: dataVersionPerTurn(sqlite), close: () => {
    store.search.stop();
    sqlite.close();
  } };
}

/**
 * `PRAGMA data_version` takes a read lock (system calls), so it is asked once per event-loop turn:
 * every request handled in a turn was already waiting when the turn began, so a commit its client
 * knew of is seen.
 */
function dataVersionPerTurn(sqlite: Database.Database): () => number {
  const statement = sqlite.prepare('PRAGMA data_version').pluck();
  let version = 0;
  let asked = false;
  return () => {
    if (!asked) {
      version = statement.get() as number;
      asked = true;
      setImmediate(() => {
        asked = false;
      });
    }
    return version;
  };
}
