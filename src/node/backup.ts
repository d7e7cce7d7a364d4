// `parley backup`: a consistent copy of a database that a running server keeps writing to.
//
// SQLite's backup API (better-sqlite3's db.backup) copies pages in steps; when another connection
// writes the source between two steps, the next step starts the copy over. Under a steady stream of
// comments a copy made in small steps may never finish, so the progress callback asks for every page in
// one step: that step reads in one read transaction (a consistent snapshot that holds every commit made
// before it began) and, in WAL mode, does not block the server's writers.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { checkParleyDatabase, isSqliteFile, RefusedFile, type DatabaseSummary } from './db-check.js';

/** sqlite3_backup_step's page count for "all of them" (better-sqlite3 caps the callback's answer here). */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult extends DatabaseSummary {
  bytes: number;
  ms: number;
  /** How many backup steps ran (the first only measures the source). */
  steps: number;
}

/** Writes the file and its directory entry to disk, so a rename that follows survives a crash. */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncDirectory(dir: string): void {
  try {
    syncFile(dir);
  } catch {
    // Some file systems do not fsync directories; the rename is then as durable as they make it.
  }
}

/**
 * Copies `source` (a Parley database, possibly in use) to `destination`: into a temporary file beside
 * it, checked (integrity_check, Parley's tables and migrations), switched to a single-file journal
 * mode, then renamed into place. An existing destination is replaced only with `force`.
 */
export async function backupDatabase(source: string, destination: string, options: { force?: boolean } = {}): Promise<BackupResult> {
  const from = resolve(source);
  const to = resolve(destination);
  if (from === to) throw new RefusedFile('The backup cannot be written over the database itself.');
  if (!existsSync(from)) throw new RefusedFile(`There is no database at ${source}.`);
  if (!isSqliteFile(from)) throw new RefusedFile(`${source} is not a SQLite database.`);
  if (existsSync(to) && !options.force) throw new RefusedFile(`${destination} exists already: pass --force to replace it.`);
  if (!existsSync(dirname(to))) throw new RefusedFile(`The directory ${dirname(destination)} does not exist.`);

  const temporary = `${to}.tmp-${process.pid}`;
  const started = performance.now();
  // A connection of its own, without migrations (openDatabase would migrate): it only reads.
  const sqlite = new Database(from, { fileMustExist: true });
  let steps = 0;
  try {
    sqlite.pragma('busy_timeout = 5000');
    await sqlite.backup(temporary, {
      progress: () => {
        steps++;
        return ALL_PAGES;
      },
    });
    steps++;
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  } finally {
    sqlite.close();
  }

  try {
    const copy = new Database(temporary, { fileMustExist: true });
    let summary: DatabaseSummary;
    try {
      // The copy carries the source's WAL flag; a backup is one self-contained file.
      copy.pragma('journal_mode = DELETE');
      summary = checkParleyDatabase(copy, 'The backup');
    } finally {
      copy.close();
    }
    syncFile(temporary);
    renameSync(temporary, to);
    syncDirectory(dirname(to));
    return { ...summary, bytes: statSync(to).size, ms: performance.now() - started, steps };
  } catch (err) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
    throw err;
  }
}
