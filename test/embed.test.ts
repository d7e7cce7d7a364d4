// GET /embed: the thread and "Leave a Reply" form as plain HTML for pages without JavaScript, through
// the app, and framed by a page of another origin in Chromium with JavaScript turned off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ARTICLE_URL, ORIGIN, startService, type Service } from './helpers.js';
import { assertClean, hasChromium, NO_CHROMIUM, startHarness, type Harness } from './widget-harness.js';

const KEY = '/2026/11/bike-lanes';
const embedPath = (extra: Record<string, string> = {}) =>
  `/embed?${new URLSearchParams({ site: 'news', article: KEY, url: ARTICLE_URL, title: 'Bike lanes', ...extra })}`;

describe('GET /embed', () => {
  let s: Service;
  before(async () => {
    s = await startService({ settings: { approval: 'none' } });
  });
  after(() => s.close());

  test('an empty thread: the WordPress form posting to /api/comments/form, framable only by the site', async () => {
    const res = await s.request(embedPath());
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`frame-ancestors ${ORIGIN}(;|$)`));
    assert.match(csp, new RegExp(`form-action 'self' ${ORIGIN};`));
    assert.doesNotMatch(csp, /script-src|unsafe/);
    const html = await res.text();
    assert.match(html, /Be the first to comment/);
    assert.match(html, /Leave a Reply/);
    assert.match(html, /Your email address will not be published\./);
    assert.match(html, /<form action="\/api\/comments\/form" method="post"/);
    assert.match(html, /<base target="_top"\/?>/);
    assert.match(html, /name="site" value="news"/);
    assert.ok(html.includes(`name="article" value="${KEY}"`));
    assert.ok(html.includes(`name="articleUrl" value="${ARTICLE_URL}"`));
    assert.match(html, /name="articleTitle" value="Bike lanes"/);
    assert.doesNotMatch(html, /<script/i);
  });

  test('the approved thread with reply links that stay in the frame, and ?replytocom= makes a reply form', async () => {
    const id = await s.postApproved({ name: '<b>Amal</b>', body: 'Nice *plan*.' });
    const html = await (await s.request(embedPath())).text();
    assert.match(html, /1 Response to “Bike lanes”/);
    assert.match(html, /<em>plan<\/em>/);
    assert.ok(html.includes('&lt;b&gt;Amal&lt;/b&gt;'), 'names are escaped');
    const replyHref = `${embedPath({ replytocom: String(id) })}#respond`.replace(/&/g, '&amp;');
    assert.ok(html.includes(`href="${replyHref}" target="_self"`), 'the Reply link reloads only the frame');

    const reply = await (await s.request(embedPath({ replytocom: String(id) }))).text();
    assert.match(reply, /Leave a Reply to &lt;b&gt;Amal&lt;\/b&gt;/);
    assert.match(reply, new RegExp(`name="comment_parent" id="comment_parent" value="${id}"`));
    assert.match(reply, /id="cancel-comment-reply-link" href="[^"]*#respond" target="_self"/);
  });

  test("the form posts like WordPress's and goes back to the article", async () => {
    s.later();
    const res = await s.request('/api/comments/form', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Referer: `http://parley.test${embedPath()}` },
      body: new URLSearchParams({ site: 'news', article: KEY, articleUrl: ARTICLE_URL, author: 'Bo', email: 'bo@example.org', comment: 'From the embed.' }).toString(),
    });
    assert.equal(res.status, 303);
    const id = s.rows<{ id: number }>("select id from comments where body_source = 'From the embed.'")[0]?.id;
    assert.equal(res.headers.get('location'), `${ARTICLE_URL}#comment-${id}`);
    assert.match(await (await s.request(embedPath())).text(), /2 Responses to “Bike lanes”/);
  });

  test('an address off the site is not used for the form; the stored article address is', async () => {
    const html = await (await s.request(embedPath({ url: 'https://evil.example/phish' }))).text();
    assert.ok(!html.includes('evil.example'));
    assert.ok(html.includes(`name="articleUrl" value="${ARTICLE_URL}"`));
  });

  test('a closed thread shows no form; an unknown site is 404 and a missing article 400', async () => {
    s.sqlite.prepare('update articles set closed = 1').run();
    const html = await (await s.request(embedPath())).text();
    assert.match(html, /Comments are closed\./);
    assert.doesNotMatch(html, /<form/);
    assert.doesNotMatch(html, /replytocom/);
    s.sqlite.prepare('update articles set closed = 0').run();

    const unknown = await s.request('/embed?site=nosuchsite&article=/x');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
    const missing = await s.request('/embed?site=news');
    assert.equal(missing.status, 400);
  });
});

describe('GET /embed framed by a page with JavaScript off', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('a reader replies inside the frame, posts, and the article page comes back at the new comment', async () => {
    const article = `${h.hostOrigin}/e/framed`;
    const src = `${h.parleyOrigin}/embed?${new URLSearchParams({ site: 'demo', article: '/e/framed', url: article, title: 'Framed' })}`;
    h.serve('/e/framed', { body: `<h1>Framed article</h1><iframe title="Comments" src="${src.replace(/&/g, '&amp;')}" width="700" height="900"></iframe>` });
    const parent = await h.post({ article: '/e/framed', articleUrl: article, name: 'Amal', body: 'Parent.' });

    const w = await h.open(article, { javaScriptEnabled: false });
    const { page } = w;
    const frame = page.frameLocator('iframe');
    await frame.locator(`#comment-${parent}`).waitFor();
    await frame.locator(`#comment-${parent} .reply a`).click();
    await frame.locator('#reply-title', { hasText: 'Leave a Reply to Amal' }).waitFor();
    assert.equal(page.url(), article, 'Reply stayed inside the frame');

    await frame.locator('#comment').fill('A framed reply.');
    await frame.locator('#author').fill('Bo');
    await frame.locator('#email').fill('bo@example.org');
    await frame.locator('#submit').click();
    await page.waitForURL(`${article}#comment-*`);
    const [row] = h.sql<{ id: number; parent_id: number; status: string }>("select id, parent_id, status from comments where body_source = 'A framed reply.'");
    assert.deepEqual({ parent: row?.parent_id, status: row?.status }, { parent, status: 'approved' });
    assert.equal(page.url(), `${article}#comment-${row?.id}`);
    await frame.locator(`#comment-${row?.id}`).waitFor();
    await assertClean(w, h);
    await w.context.close();
  });
});
