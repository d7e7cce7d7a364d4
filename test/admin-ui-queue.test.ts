// The comments screen, dashboard and audit log as the server renders them (real app, real SQLite):
// what each row shows moderators, reasons in words, escaping, tabs and counts, filters, paging; and
// the admin script's status rules checked against the API for every action from every status.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { actionBack, allowed, RESULT, statusActions, type Status } from '../src/admin-ui/client/actions.js';
import { reasonInWords } from '../src/admin-ui/reasons.js';
import { ARTICLE_URL, ORIGIN, startService, type Json, type Service } from './helpers.js';
import { browse, HOST, pageText, type Browse } from './admin-ui-http.js';

let svc: Service;
let mod: Browse;
beforeEach(async () => {
  svc = await startService({ settings: { moderationKeys: ['casino'], maxLinks: 2, floodSeconds: 0 } });
  mod = await browse(svc);
});
afterEach(() => svc.close());

async function postId(fields: Json = {}, headers: Record<string, string> = {}): Promise<number> {
  const res = await svc.post(fields, headers);
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { comment: { id: number } }).comment.id;
}

const rowIds = (html: string) => [...html.matchAll(/<li class="comment-row[^"]*" id="comment-(\d+)"/g)].map((m) => Number(m[1]));

describe('a row', () => {
  test('shows the author, email, anonymised IP, website, linked article, time, text, parent and why it was held', async () => {
    const parent = await svc.postApproved({ name: 'Amal', email: 'amal@example.org', body: 'Bike lanes are *great*.' });
    const id = await postId({
      name: 'Bea',
      email: 'bea@example.org',
      url: 'https://bea.example/blog',
      parentId: parent,
      body: 'A casino at https://one.example and https://two.example and https://three.example',
    });
    const { res, html } = await mod.get('/admin/comments');
    assert.equal(res.status, 200);
    const text = pageText(html);
    assert.deepEqual(rowIds(html), [id]);
    assert.match(text, /Bea/);
    assert.match(html, /<a href="mailto:bea@example\.org"/);
    assert.match(text, /IP 203\.0\.113\.0/);
    assert.match(html, /<a href="https:\/\/bea\.example\/blog" rel="nofollow ugc noopener noreferrer"/);
    assert.match(html, new RegExp(`<a href="${ARTICLE_URL}" class="article-link">Bike lanes</a>`));
    assert.match(html, /<time datetime="2026-11-24T19:0\d:\d\d\.000Z">24 Nov 2026 at 19:0\d UTC<\/time>/);
    assert.match(text, /In reply to Amal\s*:\s*Bike lanes are\s+great\s*\./);
    assert.match(html, /<blockquote><p>Bike lanes are <em>great<\/em>\.<\/p><\/blockquote>/);
    assert.match(text, /First comment from this author/);
    assert.match(text, /3 links \(limit 2\)/);
    assert.match(text, /Matched moderation word 'casino'/);
    for (const action of ['Approve', 'Reply', 'Quick Edit', 'Spam', 'Trash']) assert.match(html, new RegExp(`>${action}</button>`));
    assert.doesNotMatch(html, />Unapprove<\/button>/);
  });

  test('reasons are put in words', () => {
    const cases: Array<[string, number, string]> = [
      ['first_comment', 2, 'First comment from this author'],
      ['manual_approval', 2, 'Every comment must be manually approved'],
      ['links:3', 2, '3 links (limit 2)'],
      ['links:1', 1, '1 link (limit 1)'],
      ['links:4', 0, '4 links'],
      ['moderation_key:casino', 2, "Matched moderation word 'casino'"],
      ['moderation_key:203.0.113', 2, "Matched moderation word '203.0.113'"],
      ['disallowed_key:viagra', 2, "Matched disallowed word 'viagra'"],
      ['honeypot', 2, 'Filled in the hidden field that only bots see'],
      ['too_fast', 2, 'Sent less than 2 seconds after the form appeared'],
      ['links:lots', 2, 'links:lots'],
      ['something_new', 2, 'something_new'],
    ];
    for (const [reason, maxLinks, words] of cases) assert.equal(reasonInWords(reason, { maxLinks }), words, reason);
  });

  test('every field a commenter controls is rendered as text', async () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await postId({
      name: `"><svg onload=alert(1)>`,
      url: `${ORIGIN}/"><script>alert(1)</script>`,
      body: hostile,
      articleTitle: `</title><script>alert(2)</script>`,
      article: `/"><iframe src=javascript:alert(3)>`,
      articleUrl: `${ORIGIN}/x?"><b>`,
    }, { 'User-Agent': '<script>alert(4)</script>' });
    for (const path of ['/admin/comments', '/admin']) {
      const { html } = await mod.get(path);
      // Only as tags could these do anything; as text (escaped) they are exactly what should be shown.
      assert.doesNotMatch(html, /<script>alert|<img src=x|<svg|<iframe|<b>/i, path);
    }
    const { html } = await mod.get('/admin/comments');
    const text = pageText(html);
    assert.ok(text.includes('"><svg onload=alert(1)>'), 'the name is shown as it was written');
    assert.ok(text.includes(hostile), 'the body is shown as text');
    assert.ok(text.includes('</title><script>alert(2)</script>'), 'the article title is shown as text');
  });
});

describe('the list', () => {
  test('tabs count each status; a tab lists its comments newest first, 20 to a page, with an older page', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) {
      ids.push(await postId({ email: `r${i}@example.org`, body: `Comment ${i}` }));
      svc.later(1);
    }
    svc.sqlite.prepare("update comments set status = 'spam' where id in (?, ?)").run(ids[0], ids[1]);
    const first = await mod.get('/admin/comments');
    assert.match(first.html, /Pending <span class="count">\(<span data-count="pending">21<\/span>\)/);
    assert.match(first.html, /data-count="spam">2</);
    assert.match(first.html, /data-count="approved">0</);
    assert.deepEqual(rowIds(first.html), ids.slice(2).reverse().slice(0, 20));
    const older = /<a href="([^"]+)" rel="next">Older comments »<\/a>/.exec(first.html)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(older, 'there is a link to older comments');
    const second = await mod.get(older);
    assert.deepEqual(rowIds(second.html), ids.slice(2, 3));
    assert.match(second.html, /« Newest/);
    assert.doesNotMatch(second.html, /Older comments/);
    assert.deepEqual(rowIds((await mod.get('/admin/comments?status=spam')).html), [ids[1], ids[0]]);
  });

  test('filters by site, article and search, and the counts follow the site', async () => {
    const bikes = await postId({ body: 'Painted lines are not protection' });
    const parks = await postId({ email: 'p@example.org', article: '/parks', articleUrl: `${ORIGIN}/parks`, body: 'More trees please' });
    const news = await svc.store.getSite('news');
    assert.ok(news);
    await svc.store.saveSite('other', news.settings, svc.clock.now);
    const other = await postId({ site: 'other', email: 'o@example.org', body: 'Trees on the other site' });
    assert.deepEqual(rowIds((await mod.get('/admin/comments?site=news')).html), [parks, bikes]);
    assert.match((await mod.get('/admin/comments?site=other')).html, /data-count="pending">1</);
    assert.deepEqual(rowIds((await mod.get('/admin/comments?article=%2Fparks')).html), [parks]);
    assert.deepEqual(rowIds((await mod.get('/admin/comments?q=trees')).html), [other, parks]);
    assert.deepEqual(rowIds((await mod.get('/admin/comments?q=trees&site=news&status=pending')).html), [parks]);
    const none = await mod.get('/admin/comments?q=zebra');
    assert.match(none.html, /No pending comments match these filters\./);
    assert.equal((await mod.get('/admin/comments?site=nowhere')).res.status, 404);
  });

  test('one comment has its own page and its row can be fetched alone', async () => {
    const id = await postId({ name: 'Cleo' });
    const page = await mod.get(`/admin/comments/${id}`);
    assert.equal(page.res.status, 200);
    assert.deepEqual(rowIds(page.html), [id]);
    const row = await mod.get(`/admin/comments/${id}/row`);
    assert.match(row.html, new RegExp(`^<li class="comment-row status-pending" id="comment-${id}"`));
    assert.doesNotMatch(row.html, /<html/);
  });
});

describe('dashboard and audit log', () => {
  test('the dashboard counts each site’s comments per status, each linked to its queue', async () => {
    await postId();
    await svc.postApproved({ email: 'b@example.org', body: 'Approved one' });
    const { html } = await mod.get('/admin');
    assert.match(pageText(html), /1 comment is waiting for moderation\./);
    assert.match(html, /<a href="\/admin\/comments\?status=pending&amp;site=news" aria-label="1 pending on news">1<\/a>/);
    assert.match(html, /<a href="\/admin\/comments\?status=approved&amp;site=news" aria-label="1 approved on news">1<\/a>/);
    assert.match(html, /<a href="\/admin\/sites\/news">Discussion settings/);
  });

  test('the audit log says who did what to which comment', async () => {
    const id = await postId();
    const res = await svc.request(`${HOST}/api/admin/comments/${id}/approve`, { method: 'POST', headers: { ...mod.headers, 'X-CSRF-Token': mod.csrf, Origin: HOST } });
    assert.equal(res.status, 200);
    const { html } = await mod.get('/admin/audit');
    const text = pageText(html);
    assert.match(text, /Mo Derator Approved #\d+ pending → approved/);
    assert.match(html, new RegExp(`<a href="/admin/comments/${id}">#${id}</a>`));
  });
});

describe('the admin script’s status rules', () => {
  test('match the API for every action from every status, and the way back always works', async () => {
    const statuses: Status[] = ['pending', 'approved', 'spam', 'trash'];
    const api = (id: number, action: string) =>
      svc.request(`${HOST}/api/admin/comments/${id}/${action}`, { method: 'POST', headers: { ...mod.headers, 'X-CSRF-Token': mod.csrf, Origin: HOST } });
    let n = 0;
    for (const from of statuses) {
      for (const action of statusActions) {
        const id = await postId({ email: `rules${n++}@example.org` });
        svc.sqlite.prepare('update comments set status = ? where id = ?').run(from, id);
        const res = await api(id, action);
        // The API also answers a harmless repeat (approving an approved comment, …) with 200; the script never sends one.
        const repeat = from === RESULT[action] && (action === 'approve' || action === 'spam' || action === 'trash');
        const expected = allowed(action, from) || repeat;
        assert.equal(res.status === 200, expected, `${action} from ${from}: ${res.status}`);
        if (res.status !== 200) continue;
        const now = ((await res.json()) as { comment: { status: Status } }).comment.status;
        assert.equal(now, RESULT[action], `${action} from ${from}`);
        const back = actionBack(from, now);
        if (back) assert.equal((await api(id, back)).status, 200, `${back} back to ${from}`);
        assert.equal(svc.rows<{ status: string }>('select status from comments where id = ?', id)[0]?.status, from);
      }
    }
  });
});
