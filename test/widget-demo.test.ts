// count.js on an index page of another origin, and the demo pages that `npm start` serves: the article
// page with the widget (and its no-JavaScript fallback) and /demo/index with count.js.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('count.js and the demo pages', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('count.js fills every [data-parley-count] element from one request per 100 articles', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `/c/${i}`);
    const index = `${h.hostOrigin}/c/index`;
    for (let i = 0; i < 3; i++) await h.post({ article: '/c/1', articleUrl: index, name: `R${i}`, email: `r${i}@example.org`, body: `Comment ${i}` });
    await h.post({ article: '/c/2', articleUrl: index, name: 'S', email: 's@example.org', body: 'Counted.' });
    const held = await h.post({ article: '/c/2', articleUrl: index, name: 'T', email: 't@example.org', body: 'Held, not counted.' });
    h.run("update comments set status = 'pending' where id = ?", held);

    // 150 elements for 120 different articles (30 twice), one too long to be a key, and one empty.
    const spans = [...keys, ...keys.slice(0, 30)].map((key) => `<li><span data-parley-count="${key}">?</span></li>`);
    spans.push(`<li><span id="long" data-parley-count="/${'x'.repeat(600)}">?</span></li>`, '<li><span id="empty" data-parley-count="">?</span></li>');
    // The script sits in <head> and runs before the list exists: it waits for the document.
    h.serve('/c/index', { head: `<script src="${h.parleyOrigin}/count.js" data-site="demo" async></script>`, body: `<ul>${spans.join('')}</ul>` });
    const w = await h.open(index);
    const { page } = w;
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-parley-count]')).filter((el) => el.textContent === '?').length === 2);

    const shown = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]')).map((el) => ({ key: el.dataset.parleyCount ?? '', text: el.textContent ?? '' })),
    );
    for (const { key, text } of shown) {
      const expected = key === '/c/1' ? '3' : key === '/c/2' ? '1' : key.length > 512 || key === '' ? '?' : '0';
      assert.equal(text, expected, `count of ${key.slice(0, 20)}`);
    }
    const countRequests = w.requests.filter((r) => r.startsWith(`${h.parleyOrigin}/api/counts?`));
    assert.equal(countRequests.length, 2, 'two batches');
    const batches = countRequests.map((r) => new URL(r).searchParams.getAll('article'));
    assert.deepEqual(batches.map((b) => b.length).sort((a, b) => a - b), [20, 100]);
    assert.deepEqual(new Set(batches.flat()), new Set(keys));
    await assertClean(w, h);
    await w.context.close();
  });

  test('the demo article page runs the widget under its strict CSP and drops the no-JavaScript fallback', async () => {
    const res = await fetch(`${h.parleyOrigin}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /unsafe/);
    const html = await res.text();
    assert.match(html, /<div data-parley-fallback="true">/);
    assert.match(html, /<script src="\/widget\.js" data-site="demo" data-article="\/"/);

    await h.post({ article: '/', articleUrl: `${h.parleyOrigin}/`, name: 'Amal', body: 'On the demo page.' });
    const w = await h.open(`${h.parleyOrigin}/`);
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '1 Response to “\u2068Town council approves riverside bike lanes\u2069”');
    assert.equal(await page.locator('[data-parley-fallback]').count(), 0, 'the server-rendered fallback is gone');
    assert.equal(await page.locator('#commentform').count(), 1, 'one form: the widget’s');
    assert.equal(await page.locator(`${W} .p`).getAttribute('class'), 'p auto');
    await assertClean(w, h);
    await w.context.close();
  });

  test('when the thread cannot load, a fallback stays in place; without one the widget says so and offers to retry', async () => {
    const fallback = '<div data-parley-fallback id="fallback"><h2>Comments (server-rendered)</h2></div>';
    const w = await h.open(h.widgetPage('/d/unknown', { 'data-site': 'no-such-site' }, { before: fallback }));
    const { page } = w;
    // The widget removes itself once the thread request failed. (That request may be answered before
    // a waitForResponse could be set up, so the test waits for its outcome and then checks it was made.)
    await page.waitForFunction(() => document.querySelector('[data-parley]') === null);
    assert.ok(w.requests.some((r) => r.includes('/api/comments?')), 'the widget asked for the thread');
    assert.equal(await page.locator('#fallback').isVisible(), true);
    await assertClean(w, h, [404]);
    await w.context.close();

    const bare = await h.open(h.widgetPage('/d/unknown-bare', { 'data-site': 'no-such-site' }));
    await bare.page.locator(`${W} .al`, { hasText: 'The comments could not be loaded.' }).waitFor();
    assert.equal(await bare.page.locator(`${W} .al button`).textContent(), 'Try again');
    assert.equal(await bare.page.locator(`${W} #comments-title`).isVisible(), false);
    assert.equal(await bare.page.locator(`${W} #commentform`).count(), 0, 'no form for a thread that did not load');
    await assertClean(bare, h, [404]);
    await bare.context.close();
  });

  test('with JavaScript off, the demo page is the server-rendered thread and form, and posting works', async () => {
    const w = await h.open(`${h.parleyOrigin}/demo/library`, { javaScriptEnabled: false });
    const { page } = w;
    assert.equal(await page.locator('[data-parley]').count(), 0);
    assert.equal(await page.locator('#reply-title').innerText(), 'Leave a Reply');
    await page.locator('#comment').fill('Posted without JavaScript.');
    await page.locator('#author').fill('Nadia');
    await page.locator('#email').fill('nadia@example.org');
    await page.locator('#submit').click();
    await page.waitForURL(`${h.parleyOrigin}/demo/library#comment-*`);
    const [row] = h.sql<{ id: number; status: string }>("select id, status from comments where body_source = 'Posted without JavaScript.'");
    assert.equal(row?.status, 'approved');
    assert.equal(new URL(page.url()).hash, `#comment-${row?.id}`);
    assert.equal(await page.locator(`#comment-${row?.id} .comment-content`).textContent(), 'Posted without JavaScript.');
    await assertClean(w, h);
    await w.context.close();
  });

  test('/demo/index lists the demo articles with their counts from count.js', async () => {
    const w = await h.open(`${h.parleyOrigin}/demo/index`);
    const { page } = w;
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-parley-count]')).every((el) => el.textContent !== '–'));
    const counts = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]')).map((el) => [el.dataset.parleyCount, el.textContent])),
    );
    const expected = Object.fromEntries(
      ['/', '/demo/library', '/demo/market'].map((key) => [
        key,
        String(h.sql<{ n: number }>("select count(*) as n from comments c join articles a on a.id = c.article_id where a.key = ? and c.status = 'approved'", key)[0]?.n),
      ]),
    );
    assert.deepEqual(counts, expected);
    assert.ok(Number(counts['/demo/library']) >= 1);
    assert.equal(await page.locator('a[href="/demo/market"]').count(), 1);
    await assertClean(w, h);
    await w.context.close();
  });
});
