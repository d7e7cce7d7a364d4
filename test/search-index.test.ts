// The moderators' search index is filled behind the writer (drizzle/0010_fts_deferred.sql,
// src/store/sqlite-fts.ts): a new comment is not indexed in its insert. These tests show that a
// search still finds every comment (it indexes what waits first), that the index catches up by
// itself, and that a server started on a database with a backlog indexes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startService, type Json, type Service } from './helpers.js';
import { startServer, tempDir, waitFor, withDb, type RunningServer, type TempDir } from './server.js';
import { onWorker } from './worker-target.js';

const MARK = "select coalesce((select cast(value as integer) from meta where key = 'fts_indexed_through'), 0)";
const BACKLOG = `select count(*) as n from comments where id > (${MARK})`;

describe('the search index behind the writer', () => {
  let s: Service;
  let auth: Record<string, string>;
  before(async () => {
    s = await startService({ settings: { approval: 'none', floodSeconds: 0 } });
    auth = await s.addToken();
  });
  after(() => s.close());

  const search = async (q: string) => {
    const res = await s.request(`/api/admin/comments?q=${encodeURIComponent(q)}&limit=200`, { headers: auth });
    assert.equal(res.status, 200);
    return ((await res.json()) as { comments: Json[] }).comments.map((c) => c.id);
  };
  const post = async (body: string) => {
    const res = await s.post({ body });
    assert.equal(res.status, 201, await res.clone().text());
    s.later();
    return ((await res.json()) as { comment: { id: number } }).comment.id;
  };

  test('a comment just posted is not indexed in its insert, yet the moderators\' search finds it at once', async () => {
    const word = `zephyr${randomBytes(4).toString('hex')}`;
    const id = await post(`A word nobody else uses: ${word}.`);
    assert.ok(s.count(BACKLOG) >= 1, 'the comment waits for the indexer');
    assert.deepEqual(await search(word), [id]);
    assert.equal(s.count(BACKLOG), 0, 'the search indexed what was waiting');
    s.sqlite.exec("insert into comments_fts(comments_fts) values ('integrity-check')");
  });

  test('an edit, a scrub or a delete of a comment still waiting for the indexer leaves the index whole', async () => {
    const word = `quill${randomBytes(4).toString('hex')}`;
    const kept = await post(`Kept ${word}`);
    const gone = await post(`Gone ${word}`);
    const changed = await post(`Changed ${word}`);
    s.sqlite.prepare('delete from comments where id = ?').run(gone);
    s.sqlite.prepare("update comments set body_source = 'nothing to find' where id = ?").run(changed);
    assert.deepEqual(await search(word), [kept]);
    s.sqlite.prepare('update comments set body_source = ? where id = ?').run(`Changed after indexing ${word}`, changed);
    assert.deepEqual((await search(word)).sort(), [kept, changed].sort());
    s.sqlite.exec("insert into comments_fts(comments_fts) values ('integrity-check')");
  });

  test('without a search, the index catches up with the writer by itself', { skip: onWorker && 'the Worker indexes in its cron and before a search' }, async () => {
    await post(`Waiting for the indexer ${randomBytes(4).toString('hex')}`);
    assert.ok(await waitFor(() => s.count(BACKLOG) === 0, 5000), 'indexed within the indexer\'s delay');
  });
});

describe('a server started on a database whose search index is behind', { skip: onWorker && 'Node server only' }, () => {
  let dir: TempDir;
  let server: RunningServer | undefined;
  const word = `bramble${randomBytes(4).toString('hex')}`;
  before(async () => {
    dir = tempDir();
    const first = await startServer({ dir: dir.path });
    const res = await fetch(`${first.baseUrl}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: first.baseUrl },
      body: JSON.stringify({ site: 'demo', article: '/', articleUrl: `${first.baseUrl}/`, name: 'Ivo', email: 'ivo@example.org', body: 'First.' }),
    });
    assert.equal(res.status, 201);
    await first.stop();
    // What a crash right after the commits leaves: rows above the index's mark (written by another
    // connection, which indexes nothing).
    withDb(first.dbFile, (db) => {
      const copy = db.prepare(`insert into comments (article_id, status, name, email, avatar, body_source, html, created_at)
        select article_id, 'pending', name, email, avatar, ?, html, created_at from comments order by id limit 1`);
      for (let i = 0; i < 3; i++) copy.run(`Left behind ${i} ${word}`);
      assert.equal((db.prepare(BACKLOG).get() as { n: number }).n >= 3, true);
    });
    server = await startServer({ dir: dir.path, port: first.port });
  });
  after(async () => {
    await server?.stop();
    dir?.remove();
  });

  test('indexes the backlog on start, without a search', async () => {
    const dbFile = server?.dbFile ?? '';
    const behind = () => withDb(dbFile, (db) => (db.prepare(BACKLOG).get() as { n: number }).n);
    assert.ok(await waitFor(() => behind() === 0, 5000), 'the backlog is indexed');
    withDb(dbFile, (db) => {
      db.exec("insert into comments_fts(comments_fts) values ('integrity-check')");
      const found = db.prepare('select count(*) as n from comments_fts where comments_fts match ?').get(word) as { n: number };
      assert.equal(found.n, 3);
    });
  });
});
