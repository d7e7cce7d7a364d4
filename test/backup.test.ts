// `parley backup` against the real server (what `npm start` runs) while a stream of POSTs keeps writing:
// every comment answered 201 before the backup began is in the backup, and the file passes
// PRAGMA integrity_check. Also: it refuses to overwrite a file unless told to.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parleyAsync } from './parley-cli.js';
import { patchSiteSettings, startServer, tempDir, waitFor, withDb } from './server.js';

/** Adds `count` comments to the first comment's article straight in the file, so the copy has some size. */
function addFiller(dbFile: string, count: number): void {
  withDb(dbFile, (db) =>
    db.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})
      insert into comments (article_id, depth, status, reasons, name, email, avatar, body_source, html, created_at)
      select c.article_id, 1, 'approved', '[]', c.name, c.email, c.avatar, 'filler ' || i || ' ' || hex(randomblob(150)), '<p>filler</p>', c.created_at
      from n, (select * from comments order by id limit 1) c`),
  );
}

interface Acked {
  id: number;
  body: string;
  /** performance.now() when the 201 arrived. */
  at: number;
}

test('a backup taken during a stream of POSTs holds every comment answered 201 before it began and passes integrity_check', { timeout: 120_000 }, async (t) => {
  const dir = tempDir();
  const out = tempDir('parley-backup-');
  const server = await startServer({ dir: dir.path, env: { PARLEY_LOG: 'false' } });
  try {
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0, approval: 'none', maxLinks: 0 });
    const acked: Acked[] = [];
    const failures: string[] = [];
    let serial = 0;
    let running = true;
    const post = async (lane: number) => {
      while (running) {
        const body = `Backup stream comment ${++serial} from lane ${lane}.`;
        const res = await fetch(`${server.baseUrl}/api/comments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
          body: JSON.stringify({ site: 'demo', article: '/backup', articleUrl: `${server.baseUrl}/backup`, name: 'Bo', email: `lane${lane}@example.org`, body }),
        });
        const json = (await res.json()) as { comment?: { id: number } };
        if (res.status === 201 && json.comment) acked.push({ id: json.comment.id, body, at: performance.now() });
        else failures.push(`${res.status}: ${JSON.stringify(json)}`);
      }
    };
    const lanes = [1, 2, 3, 4].map(post);
    assert.ok(await waitFor(() => acked.length >= 5, 20_000), 'the stream got going');
    addFiller(server.dbFile, 20_000);
    assert.ok(await waitFor(() => acked.length >= 60, 20_000), 'the stream goes on after the filler');

    const file = join(out.path, 'parley-backup.db');
    const began = performance.now();
    const before = acked.filter((a) => a.at < began);
    const run = await parleyAsync(['backup', file], { PARLEY_DB: server.dbFile });
    const ended = performance.now();
    const during = acked.filter((a) => a.at >= began && a.at <= ended).length;
    running = false;
    await Promise.all(lanes);

    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Backed up .* integrity_check ok/);
    assert.deepEqual(failures, [], 'every POST was answered 201 while the backup ran');
    const size = statSync(file).size;
    t.diagnostic(run.out.split('\n')[0] ?? '');
    t.diagnostic(`backup of ${(size / 1024 / 1024).toFixed(1)} MiB took ${Math.round(ended - began)} ms (CLI start included); ${during} POSTs answered 201 meanwhile`);

    const backup = new Database(file, { readonly: true, fileMustExist: true });
    try {
      assert.deepEqual(backup.prepare('PRAGMA integrity_check').pluck().all(), ['ok']);
      assert.equal(backup.pragma('journal_mode', { simple: true }), 'delete', 'the backup is one self-contained file');
      const bodyOf = backup.prepare('select body_source from comments where id = ?').pluck();
      const missing = before.filter((a) => bodyOf.get(a.id) !== a.body);
      assert.deepEqual(missing, [], `all ${before.length} comments acknowledged before the backup are in it`);
    } finally {
      backup.close();
    }
    assert.deepEqual(readdirSync(out.path), ['parley-backup.db'], 'no temporary file is left behind');
  } finally {
    await server.stop();
    dir.remove();
    out.remove();
  }
});

test('parley backup refuses to replace an existing file unless --force is given, and refuses a file that is not a database', async () => {
  const dir = tempDir();
  const server = await startServer({ dir: dir.path, env: { PARLEY_LOG: 'false' } });
  try {
    const file = join(dir.path, 'old-backup.db');
    writeFileSync(file, 'yesterday');
    const refused = await parleyAsync(['backup', file], { PARLEY_DB: server.dbFile });
    assert.equal(refused.code, 1);
    assert.match(refused.err, /exists already: pass --force/);
    assert.equal(statSync(file).size, 'yesterday'.length, 'the file was left alone');

    const forced = await parleyAsync(['backup', file, '--force'], { PARLEY_DB: server.dbFile });
    assert.equal(forced.code, 0, forced.err);
    withDb(file, (db) => assert.deepEqual(db.prepare('PRAGMA integrity_check').pluck().all(), ['ok']));

    const notDb = join(dir.path, 'notes.txt');
    writeFileSync(notDb, 'not a database at all, just some text that is long enough');
    const wrong = await parleyAsync(['backup', join(dir.path, 'x.db')], { PARLEY_DB: notDb });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /is not a SQLite database/);
    assert.equal(existsSync(join(dir.path, 'x.db')), false);

    const usage = await parleyAsync(['backup'], { PARLEY_DB: server.dbFile });
    assert.equal(usage.code, 2);
  } finally {
    await server.stop();
    dir.remove();
  }
});
