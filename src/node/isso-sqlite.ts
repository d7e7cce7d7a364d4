// Isso's SQLite database file (its comments.db), read with better-sqlite3 read-only (Node only).
import Database from 'better-sqlite3';
import { issoStatus } from '../imports/mapping.js';
import { ImportFileError, type ParsedRecord } from '../imports/records.js';

interface IssoThread {
  id: number;
  uri: string;
  title: string | null;
}

interface IssoComment {
  tid: number;
  id: number;
  parent: number | null;
  created: number;
  modified: number | null;
  mode: number;
  remote_addr: string | null;
  text: string | null;
  author: string | null;
  email: string | null;
  website: string | null;
}

export async function* readIssoDatabase(file: string): AsyncIterable<ParsedRecord> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new ImportFileError(`cannot open the Isso database: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
  try {
    const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]));
    if (!tables.has('threads') || !tables.has('comments')) throw new ImportFileError('this SQLite file is not an Isso database (no threads and comments tables)');
    for (const t of db.prepare('select id, uri, title from threads order by id').iterate() as IterableIterator<IssoThread>) {
      yield { type: 'article', article: { ref: String(t.id), key: t.uri, url: null, title: t.title, closed: false } };
    }
    const comments = db.prepare(
      'select tid, id, parent, created, modified, mode, remote_addr, text, author, email, website from comments order by id',
    );
    for (const c of comments.iterate() as IterableIterator<IssoComment>) {
      const created = new Date(c.created * 1000);
      if (Number.isNaN(created.getTime())) throw new ImportFileError('created is not a time', `comment ${c.id}`);
      const edited = c.modified ? new Date(c.modified * 1000) : null;
      if (edited && Number.isNaN(edited.getTime())) throw new ImportFileError('modified is not a time', `comment ${c.id}`);
      const { status, deleted } = issoStatus(c.mode);
      yield {
        type: 'comment',
        articleRef: String(c.tid),
        comment: {
          source: 'isso',
          sourceId: String(c.id),
          parentSourceId: c.parent === null ? null : String(c.parent),
          status,
          deleted,
          name: c.author ?? '',
          email: c.email ?? '',
          url: c.website || null,
          ip: c.remote_addr,
          userAgent: null,
          createdAt: created.toISOString(),
          editedAt: edited ? edited.toISOString() : null,
          body: c.text ?? '',
          bodyFormat: 'markdown',
        },
      };
    }
  } finally {
    db.close();
  }
}
