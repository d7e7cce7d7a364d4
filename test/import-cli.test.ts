// `parley import` end to end: real export files (the shared fixtures and generated ones for every
// format) into a real SQLite file, or through a real server's import endpoint with --to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { remark42Backup, writeBigWxr, writeIssoDatabase, wxr } from './import-files.js';
import { startServer, tempDir, type TempDir } from './server.js';

const FIXTURES = new URL('../../shared/fixtures/', import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;

describe('parley import', () => {
  let dir: TempDir;
  let dbFile: string;
  before(() => {
    dir = tempDir('parley-import-');
    dbFile = join(dir.path, 'parley.db');
  });
  after(() => dir.remove());

  const parley = (args: string[], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, ['bin/parley.js', ...args], {
      env: { ...process.env, PARLEY_DB: dbFile, PARLEY_SECRET: 'test-secret-that-is-long-enough-0123456789', ...env },
      encoding: 'utf8',
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const query = <T>(sql: string, ...params: unknown[]) => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const count = (where = '1') => query<{ n: number }>(`select count(*) as n from comments where ${where}`)[0]?.n ?? 0;
  const json = (out: string) => JSON.parse(out) as { comments: { imported: Record<string, number>; existing: number; deleted: number }; articles: { created: number }; skipped: Record<string, number>; unlinkedParents: number; seconds: number };

  test('npx parley import reads a WordPress export, reports, and adds nothing when run again', () => {
    assert.equal(parley(['site', 'add', 'news', '--origin', 'https://news.example.org']).code, 0);
    const first = spawnSync('npx', ['--no-install', 'parley', 'import', fixture('isso-wordpress.xml'), '--site', 'news'], {
      env: { ...process.env, PARLEY_DB: dbFile, PARLEY_SECRET: 'test-secret-that-is-long-enough-0123456789' },
      encoding: 'utf8',
    });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Imported .*isso-wordpress\.xml \(wordpress\) into site news in \d+\.\d s\./);
    assert.match(first.stdout, /articles created: +3/);
    assert.match(first.stdout, /comments imported: +7 \(approved 7, pending 0, spam 0, trash 0\)/);
    assert.equal(count("source = 'wordpress'"), 7);
    const again = parley(['import', fixture('isso-wordpress.xml'), '--site', 'news', '--json']);
    assert.equal(again.code, 0, again.err);
    const report = json(again.out);
    assert.deepEqual(report.comments.imported, { approved: 0, pending: 0, spam: 0, trash: 0 });
    assert.equal(report.comments.existing, 8);
    assert.equal(typeof report.seconds, 'number');
    assert.equal(count("source = 'wordpress'"), 7);
    const threaded = query<{ source_id: string; depth: number; parent: string | null }>(
      "select c.source_id, c.depth, p.source_id as parent from comments c left join comments p on p.id = c.parent_id where c.source = 'wordpress' order by c.id",
    );
    assert.deepEqual(threaded.find((r) => r.source_id === '8'), { source_id: '8', depth: 3, parent: '7' });
  });

  test('a dry run prints what would happen and writes nothing', () => {
    const before = count();
    const dry = parley(['import', fixture('isso-disqus.xml'), '--site', 'news', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.err);
    const report = json(dry.out);
    assert.equal(report.comments.imported.approved, 5);
    assert.deepEqual(report.skipped, { missing_article: 1 });
    assert.equal(count(), before);
    assert.match(parley(['import', fixture('isso-disqus.xml'), '--site', 'news', '--dry-run']).out, /Dry run \(nothing written\)/);
  });

  test('gzipped Disqus, Isso JSON, an Isso database, a Remark42 backup and a Parley file all import, found by their first bytes', () => {
    const disqusGz = join(dir.path, 'disqus.xml.gz');
    writeFileSync(disqusGz, gzipSync(readFileSync(fixture('isso-disqus.xml'))));
    assert.equal(json(parley(['import', disqusGz, '--site', 'news', '--json']).out).comments.imported.approved, 5);
    assert.equal(count("source = 'disqus' and deleted = 1"), 1);
    assert.equal(json(parley(['import', fixture('isso-generic.json'), '--site', 'news', '--json']).out).comments.imported.approved, 2);

    const isso = join(dir.path, 'comments.db');
    writeIssoDatabase(isso, [
      {
        uri: '/isso/post/',
        title: 'Isso post',
        comments: [
          { id: 1, created: 1400000000.5, author: 'Ida', email: 'ida@example.org', website: 'https://ida.example', text: 'Hello *isso*' },
          { id: 2, parent: 1, created: 1400000100, mode: 4, text: '' },
          { id: 3, parent: 2, created: 1400000200, author: 'Ivo', text: 'Reply to a deleted one' },
          { id: 4, created: 1400000300, mode: 2, author: 'Waiting', text: 'Held' },
        ],
      },
    ]);
    const issoReport = json(parley(['import', isso, '--site', 'news', '--json']).out);
    assert.deepEqual(issoReport.comments.imported, { approved: 3, pending: 1, spam: 0, trash: 0 });
    const issoRows = query<{ source_id: string; depth: number; html: string; deleted: number; created_at: number }>(
      "select source_id, depth, html, deleted, created_at from comments where source = 'isso' and source_id in ('1', '2', '3') order by source_id",
    );
    assert.deepEqual(issoRows.map((r) => [r.source_id, r.depth, r.deleted]), [['1', 1, 0], ['2', 2, 1], ['3', 3, 0]]);
    assert.equal(issoRows[0]?.html, '<p>Hello <em>isso</em></p>');
    assert.equal(issoRows[0]?.created_at, 1400000000500);
    // An edit time out of any date's range is refused naming its comment, and nothing of that file is written.
    const badIsso = join(dir.path, 'bad-modified.db');
    writeIssoDatabase(badIsso, [{ uri: '/isso/bad/', title: null, comments: [{ id: 9, created: 1400000000, author: 'Odd', text: 'Odd edit time' }] }]);
    const editable = new Database(badIsso);
    editable.prepare('update comments set modified = 1e20 where id = 9').run();
    editable.close();
    const bad = parley(['import', badIsso, '--site', 'news']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /comment 9: modified is not a time/);
    assert.equal(query<{ n: number }>("select count(*) as n from articles where key = '/isso/bad/'")[0]?.n, 0);

    const remark = join(dir.path, 'backup-news-20240101.gz');
    writeFileSync(
      remark,
      remark42Backup(
        [{ url: 'https://news.example.org/remark/', read_only: true }],
        [
          { id: 'r1', pid: '', text: '<p>Remark <b>one</b></p>', user: { name: 'Rita', id: 'github_1', ip: 'a1b2c3' }, locator: { site: 'news', url: 'https://news.example.org/remark/' }, time: '2020-05-06T07:08:09Z', title: 'Remark post' },
          { id: 'r2', pid: 'r1', text: '<p>two</p>', user: { name: 'Rob', id: 'github_2' }, locator: { site: 'news', url: 'https://news.example.org/remark/' }, time: '2020-05-06T08:08:09Z' },
        ],
      ),
    );
    const remarkReport = parley(['import', remark, '--site', 'news', '--json']);
    assert.equal(remarkReport.code, 0, remarkReport.err);
    assert.equal(json(remarkReport.out).comments.imported.approved, 2);
    assert.deepEqual(query("select \"key\", title, closed from articles where \"key\" = '/remark/'"), [{ key: '/remark/', title: 'Remark post', closed: 1 }]);
    assert.deepEqual(query("select depth, html from comments where source = 'remark42' order by source_id"), [
      { depth: 1, html: '<p>Remark one</p>' },
      { depth: 2, html: '<p>two</p>' },
    ]);

    const parleyFile = join(dir.path, 'export.ndjson');
    const lines = [
      { type: 'parley', version: 1, site: 'other', exportedAt: '2026-01-01T00:00:00.000Z' },
      { type: 'site', slug: 'other', settings: { origins: ['https://other.example'], maxDepth: 4 } },
      { type: 'article', key: '/p/', url: 'https://other.example/p/', title: 'P', closed: false, firstCommentAt: '2025-01-01T00:00:00.000Z' },
      { type: 'comment', id: 900, article: '/p/', parentId: null, depth: 1, status: 'approved', reasons: [], name: 'Wp', email: 'wp@example.org', url: null, avatar: 'x', bodySource: 'Old', html: '<p>Old</p>', ip: '203.0.113.0', userAgent: null, moderator: false, deleted: false, createdAt: '2025-01-01T00:00:00.000Z', editedAt: null, source: 'wordpress', sourceId: '77' },
      { type: 'comment', id: 901, article: '/p/', parentId: 900, depth: 2, status: 'pending', reasons: ['first_comment'], name: 'New', email: 'new@example.org', url: 'https://new.example/', avatar: 'x', bodySource: 'A *reply*', html: '<p>A <em>reply</em></p>', ip: null, userAgent: 'UA', moderator: false, deleted: false, createdAt: '2025-01-02T00:00:00.000Z', editedAt: null, source: null, sourceId: null },
      { type: 'end', articles: 1, comments: 2 },
    ];
    writeFileSync(parleyFile, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const parleyReport = parley(['import', parleyFile, '--site', 'other', '--json']);
    assert.equal(parleyReport.code, 0, parleyReport.err);
    assert.deepEqual(query("select slug from sites where slug = 'other'"), [{ slug: 'other' }], 'the site is created from the file');
    assert.deepEqual(
      query("select id, parent_id, status, reasons, body_source, html, source, source_id from comments where id in (900, 901) order by id"),
      [
        { id: 900, parent_id: null, status: 'approved', reasons: '[]', body_source: 'Old', html: '<p>Old</p>', source: 'wordpress', source_id: '77' },
        { id: 901, parent_id: 900, status: 'pending', reasons: '["first_comment"]', body_source: 'A *reply*', html: '<p>A <em>reply</em></p>', source: 'parley', source_id: '901' },
      ],
    );
    writeFileSync(parleyFile, lines.slice(0, -1).map((l) => JSON.stringify(l)).join('\n') + '\n');
    const cut = parley(['import', parleyFile, '--site', 'other']);
    assert.equal(cut.code, 1);
    assert.match(cut.err, /no end line: it is cut off/);
  });

  test('hostile XML is refused clearly: no external entities, no entity bombs, nothing written', () => {
    const before = count();
    const xxe = join(dir.path, 'xxe.xml');
    writeFileSync(xxe, `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&xxe;</title><wp:post_id>1</wp:post_id>
      <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>&xxe;</wp:comment_content><wp:comment_date_gmt>2012-01-01 00:00:00</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved></wp:comment></item></channel></rss>\n`);
    const bomb = join(dir.path, 'lol.xml');
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('\n');
    writeFileSync(bomb, `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${entities}\n]>\n<rss><channel><item><title>&lol9;</title></item></channel></rss>\n`);
    for (const file of [xxe, bomb]) {
      const result = parley(['import', file, '--site', 'news', '--format', 'wordpress']);
      assert.equal(result.code, 1, file);
      assert.match(result.err, /declares XML entities/);
      assert.ok(!result.err.includes('root:') && !result.out.includes('root:'));
    }
    const undeclared = join(dir.path, 'undeclared.xml');
    writeFileSync(undeclared, wxr([{ id: 1, title: 'T', link: 'https://news.example.org/t/', comments: [{ id: 1, content: 'x' }] }]).replace('<![CDATA[x]]>', '&xxe;'));
    const refused = parley(['import', undeclared, '--site', 'news']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /line \d+: .*undefined entity/i);
    assert.equal(count(), before);
  });

  test('a cut-off file stops naming the line, leaves whole batches, and running again completes it with nothing doubled', async () => {
    const full = join(dir.path, 'big.xml');
    await writeBigWxr(full, 50, 50);
    const bytes = readFileSync(full);
    const cutFile = join(dir.path, 'cut.xml');
    writeFileSync(cutFile, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const where = "source = 'wordpress' and source_site_id = (select id from sites where slug = 'big')";
    assert.equal(parley(['site', 'add', 'big', '--origin', 'https://news.example.org']).code, 0);
    const cut = parley(['import', cutFile, '--site', 'big', '--batch', '500']);
    assert.equal(cut.code, 1);
    assert.match(cut.err, /cut\.xml: line \d+: /);
    assert.match(cut.err, /run the same command again/);
    const said = Number(/(\d+) whole batches were imported/.exec(cut.err)?.[1]);
    const partial = count(where);
    assert.ok(partial > 0 && partial % 500 === 0, `whole batches only (${partial})`);
    assert.equal(said * 500, partial, 'the error says how many batches are in');
    const rerun = parley(['import', full, '--site', 'big', '--batch', '500', '--json']);
    assert.equal(rerun.code, 0, rerun.err);
    assert.equal(json(rerun.out).comments.existing, partial);
    assert.equal(count(where), 2500);
    assert.equal(query<{ n: number }>(`select count(*) as n from comments where ${where} and depth = 3`)[0]?.n, 800);
  });

  test('a local import leaves the search index whole: every imported comment is found and nothing waits for the indexer', () => {
    // Follows the cut-off test: site "big" holds 2,500 comments written in whole batches over two runs.
    const db = new Database(dbFile);
    try {
      db.prepare("insert into comments_fts (comments_fts) values ('integrity-check')").run();
      const found = db.prepare("select count(*) as n from comments_fts where comments_fts match 'paragraphs' and rowid in (select id from comments where source_site_id = (select id from sites where slug = 'big'))").get() as { n: number };
      assert.equal(found.n, 2500);
      const mark = db.prepare("select cast(value as integer) as mark from meta where key = 'fts_indexed_through'").get() as { mark: number };
      const last = db.prepare('select max(id) as id from comments').get() as { id: number };
      assert.equal(mark.mark, last.id, 'the index has caught up with the last comment');
    } finally {
      db.close();
    }
  });

  test('--to sends the parsed batches to a server\'s import endpoint', async () => {
    const server = await startServer();
    try {
      const env = { PARLEY_DB: server.dbFile };
      const token = parley(['token', 'create', '--name', 'importer'], env).out.trim();
      assert.equal(parley(['site', 'add', 'remote', '--origin', 'https://news.example.org'], env).code, 0);
      const threadOf = async (key: string) => {
        // `parley` runs the CLI synchronously, blocking this process's event loop for seconds: the
        // server may close its idle keep-alive connection meanwhile, and fetch must see that close
        // (read in the loop's poll phase) before it picks a pooled connection again.
        await new Promise((resolve) => setImmediate(resolve));
        return (await (await fetch(`${server.baseUrl}/api/comments?site=remote&article=${encodeURIComponent(key)}`)).json()) as { article: { count: number } };
      };
      // Read (and cached by the server) before the import: the import must not leave it stale.
      assert.equal((await threadOf('/2014/test/')).article.count, 0);
      assert.equal((await threadOf('/')).article.count, 0);
      const sent = parley(['import', fixture('isso-wordpress.xml'), '--site', 'remote', '--to', server.baseUrl, '--token', token, '--json', '--batch-bytes', '3000']);
      assert.equal(sent.code, 0, sent.err);
      assert.equal(json(sent.out).comments.imported.approved, 7);
      assert.equal((await threadOf('/2014/test/')).article.count, 7);
      // Written by another process straight into the server's database: the server sees it too.
      const local = parley(['import', fixture('isso-disqus.xml'), '--site', 'remote'], env);
      assert.equal(local.code, 0, local.err);
      assert.equal((await threadOf('/')).article.count, 3);
      const log = server.output.join('\n');
      for (const secret of ['test@example.org', 'info@posativ.org', '82.119.20', 'foo@bar.com']) assert.ok(!log.includes(secret), `the server log leaks ${secret}`);
      const wrong = parley(['import', fixture('isso-wordpress.xml'), '--site', 'remote', '--to', server.baseUrl, '--token', 'pt_wrong']);
      assert.equal(wrong.code, 1);
      assert.match(wrong.err, /batch 1: the server answered 401/);
    } finally {
      await server.stop();
    }
  });
});
