import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ARTICLE_URL, ORIGIN, startService, type Json, type Service } from './helpers.js';

function form(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.append(k, v);
  return params.toString();
}

const wordpressFields = {
  site: 'news',
  article: '/2026/11/bike-lanes',
  articleUrl: ARTICLE_URL,
  author: 'Amal',
  email: 'amal@example.org',
  url: 'https://amal.example',
  comment: 'From the *form*.',
  comment_parent: '0',
  submit: 'Post Comment',
};

describe('POST /api/comments/form', () => {
  let s: Service;
  before(async () => {
    s = await startService();
  });
  after(() => s.close());

  const send = (fields: Record<string, string | undefined>, headers: Record<string, string> = {}) =>
    s.request('/api/comments/form', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: form({ ...wordpressFields, ...fields }),
    });

  test("a first-time commenter is sent back to the article's #comment-pending with 303", async () => {
    const res = await send({});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `${ARTICLE_URL}#comment-pending`);
    const [row] = s.rows<Json>('select name, email, url, body_source, status from comments');
    assert.deepEqual({ ...row }, { name: 'Amal', email: 'amal@example.org', url: 'https://amal.example/', body_source: 'From the *form*.', status: 'pending' });
    s.later();
  });

  test('an approved comment is sent back to its own #comment-{id} anchor', async () => {
    s.sqlite.prepare("update comments set status = 'approved'").run();
    const res = await send({ comment: 'Second from the form.' });
    assert.equal(res.status, 303);
    const id = s.rows<{ id: number }>('select max(id) as id from comments')[0]?.id;
    assert.equal(res.headers.get('location'), `${ARTICLE_URL}#comment-${id}`);
    s.later();
  });

  test('comment_parent makes a reply, and comment_post_ID stands in for article', async () => {
    const parent = s.rows<{ id: number }>("select id from comments where status = 'approved' limit 1")[0]?.id;
    const res = await send({ article: undefined, comment_post_ID: '/2026/11/bike-lanes', comment_parent: String(parent), comment: 'A reply by form.' });
    assert.equal(res.status, 303);
    const [row] = s.rows<Json>('select parent_id, depth from comments order by id desc limit 1');
    assert.deepEqual({ ...row }, { parent_id: parent, depth: 2 });
    s.later();
  });

  test('without an articleUrl field the Referer is the article address', async () => {
    const res = await send({ articleUrl: undefined, comment: 'Via referer.', email: 'ref@example.org' }, { Referer: `${ORIGIN}/2026/11/bike-lanes` });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `${ARTICLE_URL}#comment-pending`);
    s.later();
  });

  test('a validation error is an HTML page that says what was wrong and links back to the article', async () => {
    const before = s.count();
    const res = await send({ author: 'x'.repeat(101), email: 'nope', comment: 'Something.' });
    assert.equal(res.status, 422);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Name:<\/strong> A name is at most 100 characters\./);
    assert.match(html, /Email:<\/strong> Enter a valid email address\./);
    assert.ok(html.includes(`href="${ARTICLE_URL}#respond"`));
    const empty = await send({ author: '', email: '', comment: 'Something.' });
    assert.equal(empty.status, 422);
    const emptyHtml = await empty.text();
    assert.match(emptyHtml, /Name:<\/strong> Enter your name\./);
    assert.match(emptyHtml, /Email:<\/strong> Enter your email address\./);
    assert.equal(s.count(), before);
  });

  test('every error status of the table comes as a page: 404 site, 403 origin, 409 duplicate, 429 flood, 415, 413', async () => {
    const before = s.count();
    const unknown = await send({ site: 'nosite' });
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /There is no such site/);

    const foreign = await send({ articleUrl: 'https://evil.example/phish' });
    assert.equal(foreign.status, 403);
    const foreignHtml = await foreign.text();
    assert.ok(!foreignHtml.includes('evil.example'), 'never links back to a URL outside the site');

    const dup = await send({ comment: 'From the *form*.' });
    assert.equal(dup.status, 409);
    assert.match(await dup.text(), /already said that/);

    const first = await send({ comment: 'Fresh words.', email: 'fresh@example.org' });
    assert.equal(first.status, 303);
    const flood = await send({ comment: 'More words.', email: 'fresh2@example.org' });
    assert.equal(flood.status, 429);
    assert.equal(flood.headers.get('retry-after'), '15');
    assert.match(await flood.text(), /try again in 15 seconds/);
    s.later();

    const json = await s.request('/api/comments/form', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 415);
    assert.match(json.headers.get('content-type') ?? '', /^text\/html/);

    const big = await send({ comment: 'x'.repeat(70_000) });
    assert.equal(big.status, 413);
    assert.equal(s.count(), before + 1);
  });

  test('a form with no article address at all is refused before anything is stored', async () => {
    const before = s.count();
    const res = await send({ articleUrl: undefined, comment: 'Where am I?', email: 'lost@example.org' });
    assert.equal(res.status, 422);
    assert.equal(s.count(), before);
  });
});

describe('the demo article page', () => {
  test('shows the WordPress form, and ?replytocom=ID turns it into a reply form', async () => {
    const s = await startService();
    try {
      await s.store.saveSite('demo', { ...(await s.store.getSite('news'))!.settings, origins: ['http://localhost'] }, s.clock.now);
      const empty = await (await s.request('http://localhost/')).text();
      assert.match(empty, /Be the first to comment/);
      assert.match(empty, /Leave a Reply/);
      assert.match(empty, /Your email address will not be published\./);
      assert.match(empty, /Required fields are marked/);
      for (const name of ['author', 'email', 'url', 'comment', 'site', 'article', 'comment_parent']) {
        assert.match(empty, new RegExp(`name="${name}"`));
      }
      assert.match(empty, /action="\/api\/comments\/form"/);

      const id = await s.postApproved({ site: 'demo', article: '/', articleUrl: 'http://localhost/', name: '<b>Zoë</b>', body: 'Nice *plan*.' });
      const page = await s.request(`http://localhost/?replytocom=${id}`);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const html = await page.text();
      assert.match(html, /1 Response to “Town council approves riverside bike lanes”/);
      assert.match(html, /<em>plan<\/em>/);
      assert.ok(html.includes('&lt;b&gt;Zoë&lt;/b&gt;'), 'names are escaped');
      assert.match(html, /Leave a Reply to &lt;b&gt;Zoë&lt;\/b&gt;/);
      assert.match(html, new RegExp(`name="comment_parent" id="comment_parent" value="${id}"`));
      assert.match(html, /Cancel reply/);
    } finally {
      s.close();
    }
  });
});
