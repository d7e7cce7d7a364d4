// Checks that a SQLite file is a sound Parley database this build can run: what `parley backup` checks
// of the copy it made and `parley restore` checks before it puts a file in place.
import { closeSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3';
import journal from '../../drizzle/meta/_journal.json';

/** A file refused, with a sentence saying why (the command prints it as is). */
export class RefusedFile extends Error {}

const SQLITE_HEADER = 'SQLite format 3\0';

/** Whether the file starts with SQLite's 16-byte header (before opening it, for a clear refusal). */
export function isSqliteFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_HEADER;
  } catch {
    return false; // A directory, or a file this user may not read.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface DatabaseSummary {
  /** The migrations the file has applied, by tag, oldest first. */
  migrations: string[];
  /** This build's migrations the file lacks: the server applies them when it starts. */
  pending: string[];
  comments: number;
}

/**
 * `PRAGMA integrity_check`, then: it has Parley's tables and migration record, and every migration it
 * records is one this build carries (a file from a newer version would be run by code that does not
 * know its schema). Older is fine: the server applies the missing migrations at start.
 */
export function checkParleyDatabase(sqlite: Database.Database, name: string): DatabaseSummary {
  let integrity: string[];
  try {
    integrity = sqlite.prepare('PRAGMA integrity_check').pluck().all() as string[];
  } catch (err) {
    throw new RefusedFile(`${name} is not a readable SQLite database (${err instanceof Error ? err.message : 'unknown error'}).`);
  }
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    throw new RefusedFile(`${name} fails PRAGMA integrity_check: ${integrity.slice(0, 3).join('; ')}`);
  }
  const tables = new Set(sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
  for (const table of ['__drizzle_migrations', 'sites', 'comments']) {
    if (!tables.has(table)) throw new RefusedFile(`${name} is not a Parley database (it has no "${table}" table).`);
  }
  const byWhen = new Map(journal.entries.map((entry) => [entry.when, entry.tag]));
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  const applied = (sqlite.prepare('select created_at from __drizzle_migrations order by created_at').pluck().all() as unknown[]).map(Number);
  const unknown = applied.filter((when) => !byWhen.has(when));
  if (unknown.length > 0) {
    const newer = unknown.some((when) => when > newest);
    throw new RefusedFile(
      newer
        ? `${name} was made by a newer version of Parley (it has ${unknown.length} migration${unknown.length === 1 ? '' : 's'} this version does not know): upgrade Parley first.`
        : `${name} has ${unknown.length} migration${unknown.length === 1 ? '' : 's'} this version of Parley does not know.`,
    );
  }
  const appliedTags = applied.map((when) => byWhen.get(when) ?? String(when));
  const done = new Set(applied);
  const comments = sqlite.prepare('select count(*) from comments').pluck().get() as number;
  return { migrations: appliedTags, pending: journal.entries.filter((entry) => !done.has(entry.when)).map((entry) => entry.tag), comments };
}
