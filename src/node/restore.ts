// `parley restore`: puts a backup in place of a stopped server's database, after checking it. The file
// it replaces is kept aside (parley.db.before-restore-<time>), never deleted.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { syncDirectory, syncFile } from './backup.js';
import { checkParleyDatabase, isSqliteFile, RefusedFile, type DatabaseSummary } from './db-check.js';

export interface RestoreResult extends DatabaseSummary {
  /** Where the database that was replaced now is; null when there was none. */
  keptAs: string | null;
}

const sqliteCode = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '');

/**
 * Whether a process has the database open. Every connection to a WAL database holds a shared lock on
 * it while open, and leaving WAL mode needs the only one: so this asks to leave it, without waiting.
 * When nobody else has it open, that folds the WAL into the file (so the copy kept aside is whole).
 * True: in use. False: not in use, and now a single file. Null: it cannot be opened as a database.
 */
function foldIfUnused(file: string): boolean | null {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { fileMustExist: true });
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.pragma('journal_mode = DELETE');
    return false;
  } catch (err) {
    const code = sqliteCode(err);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
    return null;
  } finally {
    sqlite?.close();
  }
}

/** `2026-11-29T18-40-05Z`: sorts by time and has no colon (awkward in file names). */
const stamp = (now: number) => new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-');

export function restoreDatabase(backup: string, target: string, now: number = Date.now()): RestoreResult {
  const from = resolve(backup);
  const to = resolve(target);
  if (from === to) throw new RefusedFile('The backup is the database itself.');
  if (!existsSync(from) || !statSync(from).isFile()) throw new RefusedFile(`There is no file ${backup}.`);
  if (!isSqliteFile(from)) throw new RefusedFile(`${backup} is not a SQLite database.`);
  // Its own WAL would hold commits the file lacks: it is a live database, not a backup.
  if (existsSync(`${from}-wal`) && statSync(`${from}-wal`).size > 0) {
    throw new RefusedFile(`${backup} has a write-ahead log beside it (${basename(from)}-wal): it is in use or was not closed. Make a backup of it with "parley backup" and restore that.`);
  }

  // The checks run on the very copy that is put in place, next to the target (so the rename is atomic).
  mkdirSync(dirname(to), { recursive: true });
  const temporary = `${to}.restore-tmp-${process.pid}`;
  let summary: DatabaseSummary;
  try {
    copyFileSync(from, temporary);
    let copy: Database.Database;
    try {
      copy = new Database(temporary, { fileMustExist: true });
      copy.pragma('journal_mode = DELETE');
    } catch (err) {
      throw new RefusedFile(`${backup} is not a readable SQLite database (${err instanceof Error ? err.message : 'unknown error'}).`);
    }
    try {
      summary = checkParleyDatabase(copy, backup);
    } finally {
      copy.close();
    }
    syncFile(temporary);
  } catch (err) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
    throw err;
  }

  let keptAs: string | null = null;
  try {
    if (existsSync(to)) {
      if (foldIfUnused(to) === true) {
        throw new RefusedFile(`The database ${target} is in use (is the server running?): stop the server, then restore.`);
      }
      keptAs = `${to}.before-restore-${stamp(now)}`;
      renameSync(to, keptAs);
      // A WAL (or journal) left by a server that did not stop cleanly belongs to the old file: it goes
      // with it (SQLite would otherwise replay it over the restored file). The -shm is only an index.
      for (const suffix of ['-wal', '-journal']) if (existsSync(`${to}${suffix}`)) renameSync(`${to}${suffix}`, `${keptAs}${suffix}`);
    }
    rmSync(`${to}-shm`, { force: true });
    renameSync(temporary, to);
    syncDirectory(dirname(to));
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
  return { ...summary, keptAs };
}
