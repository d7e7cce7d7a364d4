// A thread's rows without reading them (Node): a render reads each approved comment's (id, version,
// created_at) from the thread index alone, and takes the rest of the row from memory while its
// version is the one it was read with. Only comments missing here (new, or changed since) are read
// whole, in one statement. Reading 200 rows' text out of SQLite was a third of a render.
//
// Never stale: the trigger `comments_version` (drizzle/0012) gives a comment a new version in the
// same statement as any change a thread shows (text, author, dates, deletion, reactions, featured,
// parent), whoever writes it (this process, the CLI, another server); an import gives its rows a
// random one. One memo per connection (per database file), so two databases in one process (tests)
// never share rows.
import type Database from 'better-sqlite3';
import type { PublicCommentRow } from '../db/schema.js';
import { toPublicRows } from './sqlite-statements.js';

interface Entry {
  version: number;
  row: PublicCommentRow;
}

/** Upper bound on the characters kept (HTML and author fields); past it the memo starts again. */
const MAX_CHARS = 4_000_000;

/** Columns of a shape statement: id, version, created_at (then whatever the caller's statement adds). */
export type ShapeRow = [number, number, number, ...unknown[]];

/** An article's approved comments in thread order, as shape rows, from the thread index alone. */
export const APPROVED_SHAPE_SQL = `select id, version, created_at, deleted from comments
  where article_id = ? and status = 'approved' order by created_at, id`;

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

  /** The rows of `shape` (its order), each from memory when its version and date match, the rest read in one statement. */
  rows(shape: readonly ShapeRow[]): PublicCommentRow[] {
    const rows = new Array<PublicCommentRow>(shape.length);
    let missing: number[] | null = null;
    for (let i = 0; i < shape.length; i++) {
      const [id, version, createdAt] = shape[i] as ShapeRow;
      const entry = this.entries.get(id);
      if (entry && entry.version === version && entry.row.createdAt === createdAt) rows[i] = entry.row;
      else (missing ??= []).push(i);
    }
    if (missing === null) return rows;
    const read = new Map<number, Entry>();
    const raw = this.byIds.all(JSON.stringify(missing.map((i) => (shape[i] as ShapeRow)[0])));
    const decoded = toPublicRows(raw);
    raw.forEach((values, j) => {
      const row = decoded[j];
      // A row changed between the two reads comes back with its newer version: kept under that one.
      if (row) read.set(row.id, { version: Number(values[values.length - 1]), row });
    });
    for (const i of missing) {
      const entry = read.get((shape[i] as ShapeRow)[0]);
      // Deleted in between (a purge): the row read from the index is all there is; leave it out.
      if (!entry) continue;
      rows[i] = entry.row;
      this.keep(entry);
    }
    return missing.some((i) => rows[i] === undefined) ? rows.filter((r) => r !== undefined) : rows;
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
