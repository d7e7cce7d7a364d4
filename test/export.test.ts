// Exports through the real stack: GET /api/admin/sites/{site}/export in both formats, checked line
// by line (Parley NDJSON) and with a real XML parser (WordPress WXR), on Node and on the Worker.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import blnsJson from 'big-list-of-naughty-strings/blns.json' with { type: 'json' };
import { siteSettingsSchema } from '../src/comments/settings.js';
import { seedArticle, seedComment } from './export-seed.js';
import { START, startService, type Json, type Service } from './helpers.js';
import { parseWxr } from './wxr.js';

const naughty: readonly string[] = blnsJson;

type Line = Json & { type: string };

const lines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

describe('exporting a site', () => {
  let service: Service;
  let auth: Record<string, string>;
  const ids: Record<string, number> = {};

  before(async () => {
    service = await startService({ settings: { maxDepth: 3 } });
    auth = await service.addToken('export');
    await service.store.saveSite('sports', siteSettingsSchema.parse({ origins: ['https://sports.example.org'] }), START);
    const { sqlite } = service;
    const open = seedArticle(sqlite, 'news', '/2026/11/bike-lanes', { url: 'https://news.example.org/2026/11/bike-lanes', title: 'Bike lanes' });
    const closed = seedArticle(sqlite, 'news', '/2026/10/old-story', { title: 'Old story', closed: true });
    const other = seedArticle(sqlite, 'sports', '/derby');
    const at = (minutes: number) => START + minutes * 60_000;
    ids.approved = seedComment(sqlite, { articleId: open, createdAt: at(1), name: 'Amal', email: 'amal@example.org', url: 'https://amal.example' });
    ids.pending = seedComment(sqlite, { articleId: open, createdAt: at(2), status: 'pending', reasons: ['first_comment'], email: 'new@example.org' });
    ids.spam = seedComment(sqlite, { articleId: open, createdAt: at(3), status: 'spam', reasons: ['disallowed_key'], email: 'spam@example.org' });
    ids.trash = seedComment(sqlite, { articleId: closed, createdAt: at(4), status: 'trash', email: 'trash@example.org' });
    ids.reply = seedComment(sqlite, { articleId: open, parent: ids.approved, createdAt: at(5), name: 'Bo', email: 'bo@example.org', editedAt: at(6) });
    ids.deleted = seedComment(sqlite, { articleId: closed, createdAt: at(7), deleted: true, html: '', bodySource: '' });
    ids.deepReply = seedComment(sqlite, { articleId: closed, parent: ids.deleted, createdAt: at(8), moderator: true, name: 'Mo' });
    ids.otherSite = seedComment(sqlite, { articleId: other, createdAt: at(9), email: 'sports-fan@example.org' });
  });
  after(() => service.close());

  const get = (format: string, headers: Record<string, string> = auth, site = 'news') =>
    service.request(`/api/admin/sites/${site}/export?format=${format}`, { headers });

  test('an export needs a moderator: without credentials it is 401 and shows no email', async () => {
    for (const format of ['parley', 'wordpress']) {
      const res = await get(format, {});
      assert.equal(res.status, 401);
      const body = await res.text();
      assert.match(body, /"unauthorized"/);
      assert.doesNotMatch(body, /@example\.org/);
    }
  });

  test('an unknown site is 404 and an unknown format is 400', async () => {
    assert.equal((await get('parley', auth, 'nowhere')).status, 404);
    const bad = await get('csv');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'bad_request');
  });

  test('the Parley export holds every article and every comment of every status with emails and reasons, and nothing secret', async () => {
    const res = await get('parley');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="news-\d{4}-\d{2}-\d{2}\.parley\.ndjson"$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const text = await res.text();
    const all = lines(text);
    assert.deepEqual(all.map((l) => l.type), ['parley', 'site', 'article', 'article', ...Array(7).fill('comment'), 'end']);
    assert.deepEqual(all[0], { type: 'parley', version: 1, site: 'news', exportedAt: all[0]?.exportedAt });
    assert.equal((all[1]?.settings as { maxDepth: number }).maxDepth, 3);
    assert.deepEqual(all[3], { type: 'article', key: '/2026/10/old-story', url: null, title: 'Old story', closed: true, firstCommentAt: null });
    const comments = all.filter((l) => l.type === 'comment');
    assert.deepEqual(comments.map((c) => c.id), [ids.approved, ids.pending, ids.spam, ids.trash, ids.reply, ids.deleted, ids.deepReply]);
    assert.deepEqual(comments.map((c) => c.status), ['approved', 'pending', 'spam', 'trash', 'approved', 'approved', 'approved']);
    const pending = comments[1];
    assert.deepEqual(pending, {
      type: 'comment', id: ids.pending, article: '/2026/11/bike-lanes', parentId: null, depth: 1, status: 'pending',
      reasons: ['first_comment'], name: 'Amal', email: 'new@example.org', url: null, avatar: 'a'.repeat(16), bodySource: 'Hello.',
      html: '<p>Hello.</p>', ip: '203.0.113.0', userAgent: 'Mozilla/5.0', moderator: false, deleted: false,
      createdAt: new Date(START + 2 * 60_000).toISOString(), editedAt: null, source: null, sourceId: null,
      parentSource: null, parentSourceId: null, featured: false, reactions: [],
    });
    assert.equal(comments[4]?.parentId, ids.approved);
    // A reply also names its parent by identity: ("parley", id) for a parent born in Parley.
    assert.deepEqual([comments[4]?.parentSource, comments[4]?.parentSourceId], ['parley', String(ids.approved)]);
    assert.equal(comments[4]?.depth, 2);
    assert.equal(comments[4]?.editedAt, new Date(START + 6 * 60_000).toISOString());
    assert.equal(comments[5]?.deleted, true);
    assert.equal(comments[6]?.moderator, true);
    assert.deepEqual(all.at(-1), { type: 'end', articles: 2, comments: 7 });
    // Another site's comments, edit-token hashes and the webhook secret stay out.
    assert.doesNotMatch(text, /sports-fan|edit-token-hash|editToken|whsec_|webhookSecret|password/);
  });

  test('an export is audited as site.exported with its format', async () => {
    await get('wordpress').then((r) => r.text());
    const rows = service.rows<{ action: string; detail: string; actor_name: string }>(
      "select action, detail, actor_name from audit_log where action = 'site.exported' order by id",
    );
    assert.ok(rows.length >= 1);
    assert.deepEqual(JSON.parse(rows.at(-1)?.detail ?? '{}'), { format: 'wordpress' });
    assert.equal(rows.at(-1)?.actor_name, 'export');
  });

  test('the WordPress export is well-formed WXR 1.2 with the elements WordPress reads', async () => {
    const res = await get('wordpress');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="news-\d{4}-\d{2}-\d{2}\.wordpress\.xml"/);
    const wxr = parseWxr(await res.text());
    assert.equal(wxr.namespaces['xmlns:wp'], 'http://wordpress.org/export/1.2/');
    assert.equal(wxr.channel['wp:wxr_version'], '1.2');
    assert.equal(wxr.channel['wp:base_site_url'], 'https://news.example.org');
    assert.equal(wxr.items.length, 2);
    const [open, closed] = wxr.items;
    assert.ok(open && closed);
    assert.equal(open.fields.link, 'https://news.example.org/2026/11/bike-lanes');
    assert.equal(open.fields['wp:post_name'], 'bike-lanes');
    assert.equal(open.fields['wp:comment_status'], 'open');
    assert.equal(open.fields['wp:status'], 'publish');
    assert.equal(open.fields['wp:post_type'], 'post');
    assert.match(open.fields['wp:post_id'] ?? '', /^\d+$/);
    assert.equal(closed.fields['wp:comment_status'], 'closed');
    assert.equal(closed.fields.link, 'https://news.example.org/2026/10/old-story');
    assert.deepEqual(open.comments.map((c) => c['wp:comment_approved']), ['1', '0', 'spam', '1']);
    assert.deepEqual(closed.comments.map((c) => c['wp:comment_approved']), ['trash', '1', '1']);
    const reply = open.comments[3];
    assert.deepEqual(reply, {
      'wp:comment_id': String(ids.reply),
      'wp:comment_author': 'Bo',
      'wp:comment_author_email': 'bo@example.org',
      'wp:comment_author_url': '',
      'wp:comment_author_IP': '203.0.113.0',
      'wp:comment_date': '2026-11-24 19:13:14',
      'wp:comment_date_gmt': '2026-11-24 19:13:14',
      'wp:comment_content': '<p>Hello.</p>',
      'wp:comment_approved': '1',
      'wp:comment_agent': 'Mozilla/5.0',
      'wp:comment_type': 'comment',
      'wp:comment_parent': String(ids.approved),
      'wp:comment_user_id': '0',
    });
    assert.equal(open.comments[0]?.['wp:comment_author_url'], 'https://amal.example');
  });

  test('hostile text (CDATA ends, control characters, naughty strings) survives both exports', async () => {
    const article = seedArticle(service.sqlite, 'news', '/hostile/]]>&<x>', { title: 'A ]]> title & <b>tags</b>\u0001' });
    const hostile = [
      ']]>',
      'a]]>b]]]]>c<![CDATA[d',
      'tab\tnew\nline\u0000nul\u0007bell\u001b[31m\uFFFE\uFFFF',
      '</wp:comment_content></item></channel></rss>',
      '&amp; &lt; <script>alert(1)</script>',
      ...naughty.slice(0, 400),
    ];
    const start = START + 3_600_000;
    const hostileIds = hostile.map((text, i) =>
      seedComment(service.sqlite, { articleId: article, createdAt: start + i * 1000, name: text, html: text, bodySource: text, url: null }),
    );
    const stripped = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

    // The XML parser normalises CR and CRLF to LF, as every XML reader must.
    const xmlText = (s: string) => stripped(s).replace(/\r\n?/g, '\n');
    const wxr = parseWxr(await (await get('wordpress')).text());
    const item = wxr.items.find((i) => i.fields.guid === '/hostile/]]>&<x>');
    assert.ok(item, 'the hostile article is in the WXR');
    assert.equal(item.fields.title, 'A ]]> title & <b>tags</b>');
    assert.equal(item.comments.length, hostile.length);
    hostile.forEach((text, i) => {
      assert.equal(item.comments[i]?.['wp:comment_content'], xmlText(text), `comment ${i}`);
      assert.equal(item.comments[i]?.['wp:comment_author'], xmlText(text), `author ${i}`);
    });

    const parley = lines(await (await get('parley')).text()).filter((l) => l.type === 'comment' && hostileIds.includes(l.id as number));
    assert.deepEqual(parley.map((c) => c.html), hostile.map((t) => service.rows<{ html: string }>('select html from comments where id = ?', hostileIds[hostile.indexOf(t)])[0]?.html));
  });

  test('a large site streams out in many chunks, every comment once and in order', async () => {
    await service.store.saveSite('big', siteSettingsSchema.parse({ origins: ['https://big.example.org'] }), START);
    const insert = service.sqlite.transaction(() => {
      for (let a = 0; a < 30; a++) {
        const article = seedArticle(service.sqlite, 'big', `/post-${a}`);
        let parent: number | null = null;
        for (let c = 0; c < 100; c++) {
          const id = seedComment(service.sqlite, { articleId: article, parent: c % 3 === 0 ? null : parent, createdAt: START + c, html: `<p>${'x'.repeat(200)} ${c}</p>` });
          parent = c % 3 === 0 ? id : parent;
        }
      }
    });
    insert();
    for (const format of ['parley', 'wordpress']) {
      const res = await get(format, auth, 'big');
      assert.equal(res.status, 200);
      assert.ok(res.body);
      let chunks = 0;
      let text = '';
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        chunks += 1;
        text += decoder.decode(next.value, { stream: true });
      }
      assert.ok(chunks > 2, `${format}: ${chunks} chunks`);
      if (format === 'parley') {
        const all = lines(text);
        const commentIds = all.filter((l) => l.type === 'comment').map((l) => l.id as number);
        assert.equal(commentIds.length, 3000);
        assert.deepEqual(commentIds, [...commentIds].sort((x, y) => x - y));
        assert.deepEqual(all.at(-1), { type: 'end', articles: 30, comments: 3000 });
      } else {
        const wxr = parseWxr(text);
        assert.equal(wxr.items.length, 30);
        assert.ok(wxr.items.every((i) => i.comments.length === 100));
      }
    }
  });
});
