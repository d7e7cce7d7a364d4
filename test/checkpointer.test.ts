// The server's WAL checkpointer thread (src/node/checkpointer*.ts): the request thread's connection
// never checkpoints (`wal_autocheckpoint = 0`), and the thread, on its own connection, copies the WAL
// into the database file, keeps it from growing without bound under a stream of commits, gives the
// space back when writes stop, and stops cleanly on SIGTERM before the server's last checkpoint.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startCheckpointer } from '../src/node/checkpointer.js';
import { applyPragmas } from '../src/node/pragmas.js';
import { patchSiteSettings, sleep, startServer, tempDir, waitFor, withDb } from './server.js';

/** The test's RESTART threshold (frames), far below the server's 8,000. */
const RESTART_FRAMES = 300;
const walSize = (dbFile: string) => (existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0);

test('the checkpointer thread keeps the WAL bounded under a stream of commits and empties it once they stop, while the connection itself never checkpoints', { timeout: 60_000 }, async () => {
  const dir = tempDir('parley-checkpointer-');
  try {
    const file = join(dir.path, 'scratch.db');
    const sqlite = new Database(file);
    applyPragmas(sqlite);
    sqlite.exec('create table notes (id integer primary key, body blob)');
    const lines: string[] = [];
    const checkpointer = startCheckpointer(file, sqlite, { intervalMs: 10, restartFrames: RESTART_FRAMES, log: (line) => lines.push(line) });
    assert.ok(checkpointer, 'a WAL database gets a checkpointer');
    try {
      await checkpointer.ready;
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 0, "the connection's own checkpoint is off");

      // ~4 pages a commit, 1,500 commits: 6,000 pages, 20 times the RESTART threshold.
      const insert = sqlite.prepare('insert into notes (body) values (?)');
      const commit = sqlite.transaction((n: number) => {
        for (let i = 0; i < 4; i++) insert.run(Buffer.alloc(3000, n % 251));
      });
      let largest = 0;
      for (let n = 0; n < 1500; n++) {
        commit(n);
        largest = Math.max(largest, walSize(file));
        // The request thread goes back to its event loop between commits, as the server's does.
        if (n % 5 === 0) await sleep(1);
      }
      const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
      assert.ok(largest < 1500 * 4 * pageSize * 0.5, `the WAL was restarted on the way (largest ${largest} bytes)`);

      assert.ok(await waitFor(() => walSize(file) === 0, 10_000), `the WAL was emptied once the commits stopped (${walSize(file)} bytes)`);
      const [left] = sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      assert.deepEqual(left, { busy: 0, log: 0, checkpointed: 0 }, 'nothing was left to checkpoint');

      const stats = await checkpointer.stop();
      assert.ok(stats && stats.passive > 0 && stats.truncate > 0, JSON.stringify(stats));
      // A RESTART is owed only where a passive pass left the WAL past the threshold: when the passes
      // keep up (a machine whose other core is busy paces the commits), SQLite's next writer starts
      // the WAL from its beginning by itself, and the bound above is what holds either way.
      if (stats.maxFrames >= RESTART_FRAMES) assert.ok(stats.restart > 0, JSON.stringify(stats));
      assert.deepEqual(lines, [], 'the thread did not fail');
      assert.equal(sqlite.prepare('select count(*) from notes').pluck().get(), 6000);
    } finally {
      await checkpointer.stop();
      sqlite.close();
    }
  } finally {
    dir.remove();
  }
});

test('an in-memory database gets no checkpointer and keeps its settings', () => {
  const sqlite = new Database(':memory:');
  assert.equal(startCheckpointer(':memory:', sqlite, { log: () => undefined }), null);
  sqlite.close();
});

test('the server checkpoints its WAL back to empty after a stream of POSTs, and on SIGTERM stops the thread and exits 0', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  try {
    const server = await startServer({ dir: dir.path, env: { PARLEY_LOG: 'false' } });
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0, approval: 'none', maxLinks: 0 });
    let serial = 0;
    const lane = async (n: number) => {
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${server.baseUrl}/api/comments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
          body: JSON.stringify({ site: 'demo', article: '/wal', articleUrl: `${server.baseUrl}/wal`, name: 'Amal', email: `lane${n}@example.org`, body: `Comment ${++serial}: ${'words '.repeat(200)}` }),
        });
        assert.equal(res.status, 201, await res.text());
      }
    };
    await Promise.all([1, 2, 3, 4, 5, 6].map(lane));
    assert.ok(walSize(server.dbFile) > 0, 'the POSTs went through the WAL');

    // The server's own connection never checkpoints; only the thread can have emptied it.
    assert.ok(await waitFor(() => walSize(server.dbFile) === 0, 10_000), `the WAL was checkpointed and emptied (${walSize(server.dbFile)} bytes)`);
    // With the WAL empty, the database file alone has every comment.
    assert.equal(withDb(server.dbFile, (db) => db.prepare("select count(*) from comments where article_id = (select id from articles where key = '/wal')").pluck().get()), 300);

    await server.stop();
    assert.deepEqual(await server.exited, { code: 0, signal: null }, server.output.join('\n'));
    assert.ok(server.output.includes('Parley stopped.'), server.output.join('\n'));
    assert.ok(!server.output.some((line) => line.includes('checkpointer')), server.output.join('\n'));
  } finally {
    dir.remove();
  }
});
