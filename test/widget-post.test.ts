// Posting through widget.js in real Chromium, from a page of another origin: comments, replies, held
// comments shown to their author only, and the errors the API answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { afterTimeTrap, assertClean, commentsOf, fill, focusInWidget, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('posting with widget.js', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  const rows = (article: string) => commentsOf(h, article);

  test('a comment appears in place with focus on it, is counted, and name, email and website are remembered when asked', async () => {
    const url = h.widgetPage('/p/post', { 'data-title': 'Posting' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Hello from the *widget*.', name: 'Amal', email: 'amal@example.org', url: 'https://amal.example/', remember: true });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} ol.comment-list > li .x em`).waitFor();

    const [row] = rows('/p/post');
    assert.ok(row);
    assert.deepEqual(
      { status: row.status, name: row.name, email: row.email, url: row.url, body: row.body_source, reasons: row.reasons },
      { status: 'approved', name: 'Amal', email: 'amal@example.org', url: 'https://amal.example/', body: 'Hello from the *widget*.', reasons: '[]' },
    );
    assert.deepEqual(h.sql('select url, title from articles where key = ?', '/p/post'), [{ url, title: 'Posting' }]);
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '1 Response to “\u2068Posting\u2069”');
    assert.deepEqual(await focusInWidget(page), { id: '', comment: `comment-${row.id}`, tag: 'article' });
    assert.equal(await page.locator(`${W} #comment`).inputValue(), '', 'the posted text is cleared');
    assert.equal(await page.locator(`${W} #author`).inputValue(), 'Amal');
    await page.waitForFunction(() => document.querySelector('[data-parley]')?.shadowRoot?.querySelector('[role=status]')?.textContent === 'Your comment was published.');
    assert.equal(await page.locator(`${W} #comment-${row.id} .ac button`, { hasText: 'Edit' }).count(), 1, 'the author may edit it');

    await page.reload();
    await widgetReady(page);
    assert.equal(await page.locator(`${W} #author`).inputValue(), 'Amal');
    assert.equal(await page.locator(`${W} #email`).inputValue(), 'amal@example.org');
    assert.equal(await page.locator(`${W} #url`).inputValue(), 'https://amal.example/');
    assert.equal(await page.locator(`${W} #remember`).isChecked(), true);
    assert.equal(await page.locator(`${W} #comment-${row.id} .x`).textContent(), 'Hello from the widget.');

    // Unticking the box forgets them with the next comment.
    await fill(page, { comment: 'Second comment.', remember: false });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.waitForFunction(() => document.querySelector('[data-parley]')?.shadowRoot?.querySelectorAll('ol.comment-list > li').length === 2);
    assert.equal(await page.evaluate(() => localStorage.getItem('parley:author')), null);
    await assertClean(w, h);
    await w.context.close();
  });

  test('Reply moves the form under the comment, Cancel reply puts it back, and a reply appears nested', async () => {
    const url = h.widgetPage('/p/reply', { 'data-title': 'Replies' });
    const parent = await h.post({ article: '/p/reply', articleUrl: url, name: 'Amal', body: 'Parent comment.' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    const reply = page.locator(`${W} #comment-${parent} button.rp`);
    await reply.click();
    assert.equal(await page.locator(`${W} #comment-${parent} > #respond`).count(), 1, 'the form sits under the comment');
    assert.equal(await page.locator(`${W} #reply-title`).innerText(), 'Leave a Reply to \u2068Amal\u2069 Cancel reply');
    assert.equal((await focusInWidget(page)).id, 'comment');

    await page.locator(`${W} #reply-title button`, { hasText: 'Cancel reply' }).click();
    assert.equal(await page.locator(`${W} #comment-${parent} #respond`).count(), 0, 'back under the thread');
    assert.equal(await page.locator(`${W} #reply-title`).innerText(), 'Leave a Reply');
    assert.equal((await focusInWidget(page)).comment, `comment-${parent}`, 'focus returns to the Reply button');

    await reply.click();
    await fill(page, { comment: 'A reply.', name: 'Bo', email: 'bo@example.org' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} #comment-${parent} > ol.ch > li`).waitFor();
    const [, child] = rows('/p/reply');
    assert.equal(child?.parent_id, parent);
    assert.equal(child?.status, 'approved');
    assert.equal(await page.locator(`${W} #comment-${parent} > ol.ch > #comment-${child?.id} .x`).textContent(), 'A reply.');
    assert.equal(await page.locator(`${W} #comment-${parent} #respond`).count(), 0, 'the form went back under the thread');
    assert.equal((await focusInWidget(page)).comment, `comment-${child?.id}`);
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '2 Responses to “\u2068Replies\u2069”');
    await assertClean(w, h);
    await w.context.close();
  });

  test("Reply shows only where the site's maxDepth allows a reply, also on a reply the reader just posted", async () => {
    const url = h.widgetPage('/p/shallow', { 'data-site': 'shallow', 'data-title': 'Shallow' });
    const base = { site: 'shallow', article: '/p/shallow', articleUrl: url };
    const top = await h.post({ ...base, name: 'Amal', body: 'Top level.' });
    const deep = await h.post({ ...base, parentId: top, name: 'Bo', email: 'bo@example.org', body: 'Second level.' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} #comment-${top} > article button.rp`).count(), 1, 'a top-level comment can be answered');
    assert.equal(await page.locator(`${W} #comment-${deep} > article button.rp`).count(), 0, 'a second-level one cannot (maxDepth 2)');

    await page.locator(`${W} #comment-${top} > article button.rp`).click();
    await fill(page, { comment: 'Also second level.', name: 'Chen', email: 'chen@example.org' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    const mine = page.locator(`${W} #comment-${top} > ol.ch > li`).nth(1);
    await mine.waitFor();
    assert.equal(await mine.locator('.x').textContent(), 'Also second level.');
    assert.equal(await mine.locator('button.rp').count(), 0, 'no Reply on the new second-level comment either');
    await assertClean(w, h);
    await w.context.close();
  });

  test('a held comment is shown to its author only, awaiting moderation, also after a reload, until it is approved', async () => {
    const url = h.widgetPage('/p/held', { 'data-site': 'held', 'data-title': 'Held' }, { head: '<link rel="canonical" href="/p/held-article">' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Please approve me.', name: 'Chen', email: 'chen@example.org' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} .aw`).waitFor();
    const [row] = rows('/p/held');
    assert.equal(row?.status, 'pending');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['manual_approval']);
    assert.deepEqual(h.sql('select url from articles where key = ?', '/p/held'), [{ url: `${h.hostOrigin}/p/held-article` }], 'the canonical address');
    const mine = page.locator(`${W} #comment-${row?.id}`);
    assert.equal(await mine.locator('.aw').textContent(), 'Your comment is awaiting moderation.');
    assert.equal(await mine.locator('button.rp').count(), 0, 'no replies to a held comment');
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), 'Be the first to comment', 'not counted');
    const stored = await page.evaluate(() => localStorage.getItem('parley:own:held:/p/held') ?? '');
    assert.match(stored, /"token":"[^"]{20,}"/, 'kept in localStorage with its edit token');

    await page.reload();
    await widgetReady(page);
    assert.equal(await mine.locator('.aw').textContent(), 'Your comment is awaiting moderation.');
    assert.deepEqual(await mine.locator('.ac button').allTextContents(), ['Edit', 'Delete']);

    const other = await h.open(url);
    await widgetReady(other.page);
    assert.equal(await other.page.locator(`${W} #comment-${row?.id}`).count(), 0, 'another reader does not see it');
    await assertClean(other, h);
    await other.context.close();

    h.run("update comments set status = 'approved' where id = ?", row?.id);
    await page.reload();
    await widgetReady(page);
    assert.equal(await mine.locator('.aw').count(), 0, 'approved: no longer marked');
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '1 Response to “\u2068Held\u2069”');
    assert.deepEqual(await mine.locator('.ac button').allTextContents(), ['Reply', 'Edit', 'Delete']);
    await assertClean(w, h);
    await w.context.close();
  });

  test('a post sent within 2 s of the form appearing is held by the time trap', async () => {
    const url = h.widgetPage('/p/fast');
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Too fast.', name: 'Bot', email: 'bot@example.org' });
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} .aw`).waitFor();
    const [row] = rows('/p/fast');
    assert.equal(row?.status, 'pending');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['too_fast']);
    await assertClean(w, h);
    await w.context.close();
  });

  test("the API's field errors show beside each field, linked and focused, and the typed text is kept", async () => {
    const url = h.widgetPage('/p/errors');
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Words I do not want to type again.', name: 'Eve', email: 'not-an-email', url: 'not a website' });
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} #email-error`).waitFor();
    assert.equal(await page.locator(`${W} #email-error`).textContent(), 'Enter a valid email address.');
    assert.equal(await page.locator(`${W} #url-error`).textContent(), 'A website must be an http(s) address.');
    assert.equal(await page.locator(`${W} #email`).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator(`${W} #email`).getAttribute('aria-describedby'), 'email-notes email-error');
    assert.equal(await page.locator(`${W} #url`).getAttribute('aria-describedby'), 'url-error');
    assert.equal(await page.locator(`${W} #author`).getAttribute('aria-invalid'), null);
    assert.equal((await focusInWidget(page)).id, 'email', 'focus on the first field with an error');
    assert.equal(await page.locator(`${W} #comment`).inputValue(), 'Words I do not want to type again.');
    assert.deepEqual(rows('/p/errors'), []);

    // A missing name is refused by the site's rules after the fields themselves passed.
    await fill(page, { name: '', email: 'eve@example.org', url: '' });
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} #author-error`).waitFor();
    assert.equal(await page.locator(`${W} #author-error`).textContent(), 'Enter your name.');
    assert.equal(await page.locator(`${W} .er`).count(), 1, 'the earlier errors are gone');
    assert.equal(await page.locator(`${W} #email`).getAttribute('aria-describedby'), 'email-notes');
    assert.equal((await focusInWidget(page)).id, 'author');

    await fill(page, { name: 'Eve' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} ol.comment-list > li`).waitFor();
    assert.equal(await page.locator(`${W} .er`).count(), 0, 'errors are cleared');
    assert.equal(await page.locator(`${W} #author`).getAttribute('aria-invalid'), null);
    assert.equal(rows('/p/errors')[0]?.body_source, 'Words I do not want to type again.');
    await assertClean(w, h, [422]);
    await w.context.close();
  });

  test('a 429 says when to try again, with focus on the message, and keeps the text', async () => {
    // The flood check counts the last comment from the same address on the same site; this one is a moment ago.
    await h.post({ site: 'slow', article: '/p/elsewhere', articleUrl: h.widgetPage('/p/elsewhere'), name: 'Fay', email: 'fay@example.org', body: 'One.' });
    const url = h.widgetPage('/p/slow', { 'data-site': 'slow' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Two, too soon.', name: 'Fay', email: 'fay@example.org' });
    await page.locator(`${W} #submit`).click();
    const alert = page.locator(`${W} #commentform .al`);
    await page.waitForFunction(() => !!document.querySelector('[data-parley]')?.shadowRoot?.querySelector('#commentform .al')?.textContent);
    const message = (await alert.textContent()) ?? '';
    assert.match(message, /^You are posting comments too quickly\. Try again at \d{1,2}:\d{2}:\d{2}/);
    // About ten minutes from now (the site's floodSeconds is 600), in the reader's clock time.
    const times = Array.from({ length: 21 }, (_, i) => new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(Date.now() + (590 + i) * 1000));
    assert.ok(times.some((time) => message.includes(time)), `${message} names a time about 10 minutes away`);
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal((await focusInWidget(page)).tag, 'div');
    assert.equal(await page.locator(`${W} #comment`).inputValue(), 'Two, too soon.');
    assert.equal(rows('/p/slow').length, 0);
    await assertClean(w, h, [429]);
    await w.context.close();
  });
});
