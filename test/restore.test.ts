// `parley restore` with the real server: a backup put back into a stopped server's place is served when
// it starts again, the replaced file is kept aside; corrupt, foreign, too-new files and a running
// server are refused, and the database is left exactly as it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { expectedMigrations } from '../src/db/migrations.js';
import { openDatabase } from '../src/node/database.js';
import { parleyAsync } from './parley-cli.js';
import { approve, patchSiteSettings, startServer, tempDir, withDb, type TempDir } from './server.js';

const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function postComment(baseUrl: string, body: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ site: 'demo', article: '/restore', articleUrl: `${baseUrl}/restore`, name: 'Rae', email: 'rae@example.org', body }),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { comment: { id: number } }).comment.id;
}

async function threadBodies(baseUrl: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/comments?site=demo&article=${encodeURIComponent('/restore')}`);
  assert.equal(res.status, 200);
  const json = (await res.json()) as { comments: Array<{ html: string }> };
  return json.comments.map((c) => c.html);
}

describe('parley restore', () => {
  let dir: TempDir;
  let dbFile: string;
  let backupFile: string;
  before(async () => {
    dir = tempDir();
    dbFile = join(dir.path, 'parley.db');
    backupFile = join(dir.path, 'backup.db');
    const server = await startServer({ dir: dir.path, env: { PARLEY_LOG: 'false' } });
    try {
      patchSiteSettings(dbFile, 'demo', { floodSeconds: 0, approval: 'none', maxLinks: 0 });
      await postComment(server.baseUrl, 'Kept by the backup.');
      const made = await parleyAsync(['backup', backupFile], { PARLEY_DB: dbFile });
      assert.equal(made.code, 0, made.err);
      const later = await postComment(server.baseUrl, 'Written after the backup.');
      approve(dbFile, later);
    } finally {
      await server.stop();
    }
  });
  after(() => dir.remove());

  /** Runs a restore that must be refused: exit 1, the message, and the database untouched. */
  async function refused(file: string, message: RegExp) {
    const before = hashOf(dbFile);
    const run = await parleyAsync(['restore', file], { PARLEY_DB: dbFile });
    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.err, message);
    assert.equal(hashOf(dbFile), before, 'the database is untouched');
    assert.deepEqual(readdirSync(dir.path).filter((f) => f.includes('restore')), [], 'no temporary or kept-aside file');
  }

  test('a file that is not SQLite is refused', async () => {
    const file = join(dir.path, 'notes.db');
    writeFileSync(file, 'These are notes, not a database. '.repeat(10));
    await refused(file, /is not a SQLite database/);
  });

  test('a corrupt backup is refused by integrity_check', async () => {
    const file = join(dir.path, 'corrupt.db');
    copyFileSync(backupFile, file);
    const pageSize = withDb(file, (db) => db.pragma('page_size', { simple: true }) as number);
    // Scribble over the middle of the file (b-tree pages), keeping the header valid.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize * 3, 0x5a), 0, pageSize * 3, pageSize * 4);
    closeSync(fd);
    await refused(file, /integrity_check|not a readable SQLite database/);
  });

  test('a SQLite file that is not a Parley database is refused', async () => {
    const file = join(dir.path, 'other.db');
    const other = new Database(file);
    other.exec('create table notes (body text)');
    other.close();
    await refused(file, /is not a Parley database/);
  });

  test('a backup from a newer version of Parley (a migration this one does not know) is refused', async () => {
    const file = join(dir.path, 'newer.db');
    copyFileSync(backupFile, file);
    withDb(file, (db) => db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('f'.repeat(64), 4_102_444_800_000));
    await refused(file, /newer version of Parley/);
  });

  test('a live database (a non-empty -wal beside it) is refused rather than restored without its log', async () => {
    const file = join(dir.path, 'live.db');
    copyFileSync(backupFile, file);
    const live = new Database(file);
    try {
      live.pragma('journal_mode = WAL');
      live.exec('create table wal_probe (x); insert into wal_probe values (1)');
      assert.ok(statSync(`${file}-wal`).size > 0, 'the write is in the WAL');
      await refused(file, /write-ahead log beside it/);
    } finally {
      live.close();
    }
  });

  test('a restore while the server runs is refused', async () => {
    const server = await startServer({ dir: dir.path, env: { PARLEY_LOG: 'false', PARLEY_DEMO: 'false' } });
    try {
      const run = await parleyAsync(['restore', backupFile], { PARLEY_DB: dbFile });
      assert.equal(run.code, 1, run.out + run.err);
      assert.match(run.err, /is in use \(is the server running\?\)/);
      assert.deepEqual(await threadBodies(server.baseUrl), ['<p>Kept by the backup.</p>', '<p>Written after the backup.</p>']);
    } finally {
      await server.stop();
    }
    assert.deepEqual(readdirSync(dir.path).filter((f) => f.includes('restore')), []);
  });

  test('a backup restored into a stopped server is what it serves when started, and the replaced file is kept aside', async () => {
    const run = await parleyAsync(['restore', backupFile], { PARLEY_DB: dbFile });
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Restored .* comments; integrity_check ok/);
    const kept = readdirSync(dir.path).filter((f) => f.startsWith('parley.db.before-restore-'));
    assert.equal(kept.length, 1, readdirSync(dir.path).join(', '));
    const keptFile = join(dir.path, kept[0] ?? '');
    assert.match(run.out, new RegExp(`kept as .*${kept[0] ?? ''}`));
    withDb(keptFile, (db) => {
      assert.deepEqual(db.prepare('PRAGMA integrity_check').pluck().all(), ['ok']);
      assert.equal(db.prepare("select count(*) from comments where body_source = 'Written after the backup.'").pluck().get(), 1, 'the replaced database is whole');
    });
    assert.equal(existsSync(`${dbFile}-wal`), false);

    const server = await startServer({ dir: dir.path, env: { PARLEY_LOG: 'false' } });
    try {
      assert.deepEqual(await threadBodies(server.baseUrl), ['<p>Kept by the backup.</p>']);
      const ready = await fetch(`${server.baseUrl}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      await server.stop();
    }
  });
});

describe('parley restore of a backup from an older version', () => {
  test('is accepted, and names the migrations the server will apply when it starts', async () => {
    const dir = tempDir();
    try {
      const old = join(dir.path, 'old.db');
      openDatabase(old).close();
      // As if made before the newest migration existed: its record is not there.
      withDb(old, (db) => db.prepare('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)').run());
      const target = join(dir.path, 'data', 'parley.db');
      const run = await parleyAsync(['restore', old], { PARLEY_DB: target });
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /There was no database there before/);
      assert.match(run.out, new RegExp(`applies 1 newer migration\\(s\\) when it starts: ${expectedMigrations.at(-1) ?? ''}`));
      assert.ok(existsSync(target));
    } finally {
      dir.remove();
    }
  });
});
