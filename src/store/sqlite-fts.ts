// The search index, filled behind the writer on Node. A new comment is not indexed by a trigger in
// its insert (that cost as much as the insert itself); the indexer takes the rows above the mark
// (queries-fts.ts) in bulk: after `rows` new comments or `ms` after the first unindexed one, on
// start when the database is behind (a crash, an import by another process), and synchronously
// before every search, so a moderator's search never misses a comment. Idempotent across
// processes: each chunk is one IMMEDIATE transaction that reads and moves the mark.
import type Database from 'better-sqlite3';
import { ADVANCE_MARK, BACKLOG, INDEX_BACKLOG } from './queries-fts.js';

/** Rows per transaction: large enough for FTS5 to write one segment, small enough not to hold the lock long. */
const CHUNK = 5_000;

export interface IndexerOptions {
  /** Index once this many comments wait. */
  rows: number;
  /** …or this long after the first one arrived. */
  ms: number;
}

export class SearchIndexer {
  private waiting = 0;
  private paused = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private statements: { index: Database.Statement; advance: Database.Statement; backlog: Database.Statement } | null = null;

  constructor(
    private readonly client: Database.Database,
    private readonly options: IndexerOptions = { rows: 1_000, ms: 1_000 },
  ) {}

  private get s() {
    this.statements ??= {
      index: this.client.prepare(INDEX_BACKLOG),
      advance: this.client.prepare(ADVANCE_MARK),
      backlog: this.client.prepare(BACKLOG),
    };
    return this.statements;
  }

  /** Indexes up to `limit` waiting comments in one transaction; returns how many it indexed. */
  indexSome(limit = CHUNK): number {
    return this.client
      .transaction(() => {
        const n = this.s.index.run(limit).changes;
        if (n > 0) this.s.advance.run(limit);
        return n;
      })
      .immediate();
  }

  /** Indexes everything waiting, now (before a search, at the end of a CLI import). */
  catchUp(): number {
    let total = 0;
    for (let n = this.indexSome(); n > 0; n = this.indexSome()) total += n;
    this.waiting = 0;
    return total;
  }

  backlog(): number {
    return (this.s.backlog.get() as { n: number }).n;
  }

  /** After a commit of `rows` new comments: schedules the indexer. */
  added(rows: number): void {
    this.waiting += rows;
    if (this.paused) return;
    if (this.waiting >= this.options.rows) this.schedule(0);
    else if (!this.timer) this.schedule(this.options.ms);
  }

  /** On start: index in the background if the database is behind. */
  start(): void {
    const behind = this.backlog();
    if (behind > 0) this.added(Math.max(behind, this.options.rows));
  }

  /** No background runs (a CLI import indexes once, at its end, with catchUp). */
  pause(): void {
    this.paused = true;
    this.stop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), ms);
    // Never what keeps a process alive: what is left is indexed on the next start or search.
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    if (!this.client.open) return;
    this.waiting = 0;
    try {
      // One chunk per turn, so requests are served between chunks of a large backlog.
      if (this.indexSome() === CHUNK) this.schedule(0);
    } catch {
      // Busy (another process holds the write lock past busy_timeout): try again later.
      this.schedule(this.options.ms);
    }
  }
}
