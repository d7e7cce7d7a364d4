// A thread's rows without reading them (Node): a render reads each approved comment's (id, version)
// from the thread index alone, and takes the rest of the row from memory while its version is the
// one it was read with. Only comments missing here (new, or changed since) are read whole, in one
// statement. Reading 200 rows' text out of SQLite was a third of a render.
//
// Never stale: the trigger `comments_version` (drizzle/0013) gives a comment a new random version
// in the same statement as any change a thread shows (text, author, dates, deletion, reactions,
// featured, parent), whoever writes it (this process, the CLI, another server). A row that was never
// updated has version 0 only if the POST path inserted it, under an id never used before
// (AUTOINCREMENT); an import, the only insert that names its ids (and may give back a purged
// comment's), gives its rows a random version. One memo per connection (per database file), so two
// databases in one process (tests) never share rows.
import type Database from 'better-sqlite3';
import type { PublicCommentRow } from '../db/schema.js';
import { toPublicRows } from './sqlite-statements.js';

interface Entry {
  version: number;
  row: PublicCommentRow;
}

/** Upper bound on the characters kept (HTML and author fields); past it the memo starts again. */
const MAX_CHARS = 4_000_000;

/**
 * An article's approved comments as one JSON array `[id, version, id, version, …]`, from the thread
 * index alone (null when there are none). One text instead of a row per comment: better-sqlite3's
 * row arrays cost three times the index walk. In no order: the thread builder sorts.
 */
export const APPROVED_SHAPE_SQL = `select '[' || group_concat(id || ',' || version) || ']' from comments
  where article_id = ? and status = 'approved'`;

/** Whole public rows (publicCommentColumns' order, which toPublicRows decodes), then the version, of the ids in a JSON array. */
export const ROWS_BY_IDS_SQL = `select id, parent_id, name, url, avatar, moderator, html, deleted, created_at, edited_at, source, source_id, reactions, featured, version
  from comments where id in (select value from json_each(?))`;

export class RowMemo {
  private readonly entries = new Map<number, Entry>();
  private chars = 0;

  private readonly byIds: Database.Statement<[string], unknown[]>;

  constructor(client: Database.Database) {
    this.byIds = client.prepare<[string], unknown[]>(ROWS_BY_IDS_SQL).raw();
  }

  /** The rows of `shape` (`[id, version, …]` pairs, in its order), each from memory when its version matches, the rest read in one statement. */
  rows(shape: readonly number[]): PublicCommentRow[] {
    const rows = new Array<PublicCommentRow>(shape.length >> 1);
    let missing: number[] | null = null;
    for (let i = 0; i < rows.length; i++) {
      const entry = this.entries.get(shape[2 * i] as number);
      if (entry && entry.version === shape[2 * i + 1]) rows[i] = entry.row;
      else (missing ??= []).push(i);
    }
    if (missing === null) return rows;
    const read = new Map<number, Entry>();
    const raw = this.byIds.all(JSON.stringify(missing.map((i) => shape[2 * i])));
    const decoded = toPublicRows(raw);
    raw.forEach((values, j) => {
      const row = decoded[j];
      // A row changed between the two reads comes back with its newer version: kept under that one.
      if (row) read.set(row.id, { version: Number(values[values.length - 1]), row });
    });
    let gone = false;
    for (const i of missing) {
      const entry = read.get(shape[2 * i] as number);
      if (entry) {
        rows[i] = entry.row;
        this.keep(entry);
      } else gone = true; // Purged between the two reads: left out.
    }
    return gone ? rows.filter((r) => r !== undefined) : rows;
  }

  private keep(entry: Entry): void {
    const { row } = entry;
    const size = row.html.length + row.name.length + row.avatar.length + (row.url?.length ?? 0) + 64;
    const old = this.entries.get(row.id);
    if (old) this.chars -= old.row.html.length + old.row.name.length + old.row.avatar.length + (old.row.url?.length ?? 0) + 64;
    if (this.chars + size > MAX_CHARS) {
      this.entries.clear();
      this.chars = 0;
    }
    this.entries.set(row.id, entry);
    this.chars += size;
  }

  /** Forgets every row (nothing needs it for correctness: versions decide). */
  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}
