// The import mapping rules, as tables: statuses per source, websites, bodies, names, keys, formats, deep threads.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderBody, sanitiseHtml } from '../src/comments/render.js';
import { AROUND_MAX, buildThread } from '../src/comments/thread.js';
import type { PublicCommentRow } from '../src/db/schema.js';
import { detectFormat } from '../src/imports/formats.js';
import { articleKey, bodyHtml, disqusStatus, emailOf, issoStatus, nameOf, toImportRow, websiteOf, withLinkRel, wordpressStatus } from '../src/imports/mapping.js';
import { importCommentSchema } from '../src/imports/records.js';
import { wordpressDate } from '../src/imports/wordpress.js';

describe('import mapping rules', () => {
  test('WordPress comment_approved values map to Parley statuses', () => {
    const table: Array<[string, string]> = [
      ['1', 'approved'], ['0', 'pending'], ['spam', 'spam'], ['trash', 'trash'], ['post-trashed', 'trash'], [' 1 ', 'approved'], ['', 'pending'], ['weird', 'pending'],
    ];
    for (const [value, status] of table) assert.equal(wordpressStatus(value), status, value);
  });

  test('Disqus spam is spam and Isso modes map to approved, pending or a deleted placeholder', () => {
    assert.equal(disqusStatus(true), 'spam');
    assert.equal(disqusStatus(false), 'approved');
    assert.deepEqual(issoStatus(1), { status: 'approved', deleted: false });
    assert.deepEqual(issoStatus(2), { status: 'pending', deleted: false });
    assert.deepEqual(issoStatus(4), { status: 'approved', deleted: true });
  });

  test('a website is kept only when it is an http(s) URL; anything else is dropped and counted', () => {
    const table: Array<[string | null, string | null, boolean]> = [
      ['http://example.tld/', 'http://example.tld/', false],
      ['https://amal.example/blog', 'https://amal.example/blog', false],
      ['', null, false],
      [null, null, false],
      ['javascript:alert(1)', null, true],
      ['ftp://files.example', null, true],
      ['data:text/html,<script>', null, true],
      ['www.example.org', null, true],
    ];
    for (const [input, url, dropped] of table) assert.deepEqual(websiteOf(input), { url, dropped }, String(input));
  });

  test('HTML bodies keep their formatting through the comment allowlist and lose everything executable', () => {
    const table: Array<[string, string, 'html' | 'markdown' | 'text']> = [
      ['First line\nsecond line\n\nNew paragraph', '<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>', 'html'],
      ['<strong>bold</strong> and <em>em</em> and <code>x</code>', '<p><strong>bold</strong> and <em>em</em> and <code>x</code></p>', 'html'],
      ['<blockquote>quoted</blockquote><ul><li>one</li></ul>', '<blockquote>quoted</blockquote><ul><li>one</li></ul>', 'html'],
      ['<a href="https://example.org/">link</a>', '<p><a href="https://example.org/" rel="nofollow ugc noopener">link</a></p>', 'html'],
      ['<script>alert(1)</script>hello', '<p>hello</p>', 'html'],
      ['<img src=x onerror="alert(1)">pic<span style="x">!</span>', '<p>pic!</p>', 'html'],
      ['<a href="javascript:alert(1)">x</a>', '<p><a>x</a></p>', 'html'],
      ['*Markdown* body', '<p><em>Markdown</em> body</p>', 'markdown'],
      ['<b>not</b> markup', '<p>&lt;b&gt;not&lt;/b&gt; markup</p>', 'text'],
    ];
    for (const [body, html, format] of table) assert.equal(bodyHtml(body, format), html, body);
  });

  test('names are one line of at most 100 characters, or Anonymous; emails are kept only when they look like one', () => {
    assert.equal(nameOf('  Ohai \n there '), 'Ohai there');
    assert.equal(nameOf(''), 'Anonymous');
    assert.equal(nameOf('x'.repeat(150)).length, 100);
    assert.equal(emailOf(' test@example.org\n   '), 'test@example.org');
    assert.equal(emailOf('not an email'), '');
  });

  test('article keys come from the permalink path by default, or the whole URL, or the source id', () => {
    const article = { ref: '18', url: 'http://example.tld/2014/test/?p=18', title: 'T', closed: false };
    assert.equal(articleKey(article, 'path'), '/2014/test/?p=18');
    assert.equal(articleKey(article, 'url'), 'http://example.tld/2014/test/?p=18');
    assert.equal(articleKey(article, 'id'), '18');
    assert.equal(articleKey({ ...article, url: null }, 'path'), '18');
    assert.equal(articleKey({ ...article, key: '/posts/1/' }, 'url'), '/posts/1/');
  });

  test('WordPress dates are read as GMT, falling back to the local date', () => {
    assert.equal(wordpressDate('2014-01-14 17:32:12', '2014-01-14 18:32:12'), '2014-01-14T17:32:12Z');
    assert.equal(wordpressDate('0000-00-00 00:00:00', '2014-01-14 18:32:12'), '2014-01-14T18:32:12Z');
    assert.equal(wordpressDate(undefined, 'garbage'), null);
  });

  test('IP addresses are anonymised and deleted comments keep nothing of their author', () => {
    const base = importCommentSchema.parse({
      source: 'wordpress', sourceId: '2', article: '/a', status: 'approved', name: 'Ohai', email: 'o@example.org',
      url: 'https://o.example', ip: '::ffff:82.119.20.7', createdAt: '2014-01-14T17:32:12Z', body: 'Hi', bodyFormat: 'html',
    });
    const { row } = toImportRow(base, 'a'.repeat(32));
    assert.equal(row.ip, '82.119.20.0');
    assert.equal(row.createdAt, Date.parse('2014-01-14T17:32:12Z'));
    const gone = toImportRow({ ...base, deleted: true }, 'a'.repeat(32)).row;
    assert.deepEqual([gone.name, gone.email, gone.url, gone.ip, gone.html, gone.deleted], ['', '', null, null, '', 1]);
  });

  test('formats are told apart by their first bytes', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const table: Array<[string, string | null]> = [
      ['<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">', 'wordpress'],
      ['<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">', 'disqus'],
      ['{"type":"parley","version":1,"site":"news"}\n', 'parley'],
      ['{"version":1,"users":[],"posts":[]}\n{"id":"1"}', 'remark42'],
      ['[{"id": "/posts/1/", "comments": []}]', 'isso-json'],
      ['SQLite format 3\u0000rest', 'isso'],
      ['hello', null],
    ];
    for (const [head, format] of table) assert.equal(detectFormat(enc(head)), format, head);
  });
});

describe('deep threads', () => {
  const row = (id: number, parentId: number | null, minute: number): PublicCommentRow => ({
    id, parentId, name: `c${id}`, url: null, avatar: 'a'.repeat(32), moderator: false, html: `<p>${id}</p>`, deleted: false,
    createdAt: Date.UTC(2014, 0, 1, 0, minute), editedAt: null, source: 'wordpress', sourceId: String(id), reactions: 0, featured: false,
  });
  // A chain 1 ← 2 ← 3 ← 4 ← 5, with 6 replying to 3 later than 4 and 5.
  const rows = [row(1, null, 0), row(2, 1, 1), row(3, 2, 2), row(4, 3, 3), row(5, 4, 4), row(6, 3, 5)];
  const shape = (comments: ReturnType<typeof buildThread>['comments']): unknown =>
    comments.map((c) => (c.replies.length ? { [c.id]: shape(c.replies) } : c.id));

  test('a chain deeper than maxDepth nests down to maxDepth, deeper replies at the last level in date order', () => {
    const table: Array<[number, unknown]> = [
      [5, [{ 1: [{ 2: [{ 3: [{ 4: [5] }, 6] }] }] }]],
      [3, [{ 1: [{ 2: [3, 4, 5, 6] }] }]],
      [2, [{ 1: [2, 3, 4, 5, 6] }]],
      [1, [{ 1: [2, 3, 4, 5, 6] }]],
    ];
    for (const [maxDepth, expected] of table) {
      const { comments } = buildThread(rows, { sort: 'oldest', limit: 50, after: null, maxDepth });
      assert.deepEqual(shape(comments), expected, `maxDepth ${maxDepth}`);
    }
    // A flattened reply still names its real parent.
    const flat = buildThread(rows, { sort: 'oldest', limit: 50, after: null, maxDepth: 3 }).comments[0]?.replies[0]?.replies;
    assert.deepEqual(flat?.map((c) => c.parentId), [2, 3, 4, 3]);
  });

  test('around an anchor, the first page reaches the thread that holds it, by id or by old anchor', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ ...row(100 + i, null, 10 + i), sourceId: String(5000 + i) }));
    const all = [...many, { ...row(200, 105, 40), sourceId: '9999' }];
    const page = buildThread(all, { sort: 'oldest', limit: 2, after: null, around: 'comment-9999' });
    assert.equal(page.target, 200);
    assert.equal(page.comments.length, 6);
    assert.ok(page.nextCursor);
    assert.equal(buildThread(all, { sort: 'oldest', limit: 2, after: null, around: 'comment-107' }).comments.length, 8);
    assert.equal(buildThread(all, { sort: 'oldest', limit: 2, after: null, around: 'comment-1' }).target, null);
    // Far away, the page starts at the linked comment's thread instead of carrying everything before it.
    const huge = Array.from({ length: AROUND_MAX + 10 }, (_, i) => row(1000 + i, null, i));
    const far = buildThread(huge, { sort: 'oldest', limit: 5, after: null, around: `comment-${1000 + AROUND_MAX + 5}` });
    assert.deepEqual(far.comments.map((c) => c.id), [1005, 1006, 1007, 1008, 1009].map((id) => id + AROUND_MAX));
    assert.equal(far.target, 1005 + AROUND_MAX);
  });
});

describe('Parley files', () => {
  test('HTML that Parley rendered comes through the import sanitiser unchanged (round trips keep bodies byte for byte)', async () => {
    const { default: naughty } = (await import('big-list-of-naughty-strings', { with: { type: 'json' } })) as { default: string[] };
    const bodies = [
      'I agree with *this* and **that**, see https://example.org/a?b=1&c="2"',
      '> quoted\n\n1. one\n2. two\n\n```\ncode <b>&amp;</b>\n```',
      '<script>alert(1)</script> & <b>bold</b> "quotes" \'single\'',
      '[link](javascript:alert(1)) [ok](https://example.org/x_(y)) `a<b`',
      ...naughty.slice(0, 400),
    ];
    for (const body of bodies) {
      const html = renderBody(body);
      assert.equal(withLinkRel(sanitiseHtml(html)), html, body);
    }
  });
});
