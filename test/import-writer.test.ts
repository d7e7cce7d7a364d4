// The local import's writer thread (the default; src/node/import-writer*.ts): a failure there is reported like
// any import error and leaves whole batches; batches already handed to it after the failed one are
// not written; the CLI run from its TypeScript source starts the thread through tsx as well; and
// --no-writer-thread (writes on the main thread) gives the same results and guarantees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { writeBigWxr } from './import-files.js';
import { tempDir, type TempDir } from './server.js';

describe('the import writer thread', () => {
  let dir: TempDir;
  let dbFile: string;
  let file: string;
  before(async () => {
    dir = tempDir('parley-import-writer-');
    dbFile = join(dir.path, 'parley.db');
    file = join(dir.path, 'big.xml');
    await writeBigWxr(file, 20, 50);
  });
  after(() => dir.remove());

  const env = () => ({ ...process.env, PARLEY_DB: dbFile, PARLEY_SECRET: 'test-secret-that-is-long-enough-0123456789' });
  const parley = (args: string[]) => {
    const result = spawnSync(process.execPath, ['bin/parley.js', ...args], { env: env(), encoding: 'utf8' });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const withDb = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(dbFile);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const count = (slug: string) =>
    withDb((db) => (db.prepare("select count(*) as n from comments where source_site_id = (select id from sites where slug = ?)").get(slug) as { n: number }).n);

  test('a write that fails on the thread is reported with its own message, exits 1, and leaves only the whole batches before it; once fixed, running again completes it with nothing doubled', () => {
    assert.equal(parley(['site', 'add', 'news', '--origin', 'https://news.example.org']).code, 0);
    // A real SQLite error in the writer's transaction: the 250th comment (batch 3 of 100) cannot be stored.
    withDb((db) => db.exec("create trigger no_250 before insert on comments when new.source_id = '250' begin select raise(abort, 'comment 250 cannot be stored'); end"));
    const failed = parley(['import', file, '--site', 'news', '--batch', '100']);
    assert.equal(failed.code, 1, failed.out);
    assert.match(failed.err, /^parley: comment 250 cannot be stored$/m);
    assert.doesNotMatch(failed.err, /WriteRefused|earlier batch failed/);
    // Batches 1 and 2; not the failed one, nor the ones parsed and sent after it.
    assert.equal(count('news'), 200);
    assert.equal(withDb((db) => (db.prepare("select count(*) as n from audit_log where action = 'import'").get() as { n: number }).n), 2);

    withDb((db) => db.exec('drop trigger no_250'));
    const rerun = parley(['import', file, '--site', 'news', '--batch', '100', '--json']);
    assert.equal(rerun.code, 0, rerun.err);
    const report = JSON.parse(rerun.out) as { comments: { imported: Record<string, number>; existing: number } };
    assert.equal(report.comments.existing, 200);
    assert.equal(Object.values(report.comments.imported).reduce((a, b) => a + b, 0), 800);
    assert.equal(count('news'), 1000);
  });

  test('with --no-writer-thread, the same failing write leaves the same whole batches and the rerun completes it', () => {
    assert.equal(parley(['site', 'add', 'single', '--origin', 'https://news.example.org']).code, 0);
    withDb((db) => db.exec("create trigger no_250b before insert on comments when new.source_id = '250' begin select raise(abort, 'comment 250 cannot be stored'); end"));
    const failed = parley(['import', file, '--site', 'single', '--batch', '100', '--no-writer-thread']);
    assert.equal(failed.code, 1, failed.out);
    assert.match(failed.err, /^parley: comment 250 cannot be stored$/m);
    assert.equal(count('single'), 200);
    withDb((db) => db.exec('drop trigger no_250b'));
    const rerun = parley(['import', file, '--site', 'single', '--batch', '100', '--json', '--no-writer-thread']);
    assert.equal(rerun.code, 0, rerun.err);
    assert.equal((JSON.parse(rerun.out) as { comments: { existing: number } }).comments.existing, 200);
    assert.equal(count('single'), 1000);
  });

  test('a dry run through the thread counts what a real import then does, and writes nothing', () => {
    assert.equal(parley(['site', 'add', 'dry', '--origin', 'https://news.example.org']).code, 0);
    const dry = parley(['import', file, '--site', 'dry', '--batch', '100', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.err);
    assert.equal(count('dry'), 0);
    const real = parley(['import', file, '--site', 'dry', '--batch', '100', '--json']);
    assert.equal(real.code, 0, real.err);
    const strip = (out: string) => {
      const { seconds: _s, dryRun: _d, ...rest } = JSON.parse(out) as Record<string, unknown>;
      return rest;
    };
    assert.deepEqual(strip(dry.out), strip(real.out));
    assert.equal(count('dry'), 1000);
  });

  test('with the thread, a cut-off file stops naming the line and how many whole batches are in, and running again completes it with nothing doubled', () => {
    const cutFile = join(dir.path, 'cut.xml');
    writeFileSync(cutFile, readFileSync(file).subarray(0, Math.floor(statSync(file).size * 0.7)));
    assert.equal(parley(['site', 'add', 'cut', '--origin', 'https://news.example.org']).code, 0);
    const cut = parley(['import', cutFile, '--site', 'cut', '--batch', '100']);
    assert.equal(cut.code, 1);
    assert.match(cut.err, /cut\.xml: line \d+: /);
    const said = Number(/(\d+) whole batches were imported/.exec(cut.err)?.[1]);
    assert.ok(said > 0);
    assert.equal(count('cut'), said * 100, 'the error says how many batches are in, and only whole ones are');
    const rerun = parley(['import', file, '--site', 'cut', '--batch', '100', '--json']);
    assert.equal(rerun.code, 0, rerun.err);
    assert.equal((JSON.parse(rerun.out) as { comments: { existing: number } }).comments.existing, said * 100);
    assert.equal(count('cut'), 1000);
  });

  test('run from its TypeScript source (src/ newer than the build), the CLI starts its writer thread through tsx and imports the same', () => {
    assert.equal(parley(['site', 'add', 'source', '--origin', 'https://news.example.org']).code, 0);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', file, '--site', 'source', '--json'], { env: env(), encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(count('source'), 1000);
  });
});
