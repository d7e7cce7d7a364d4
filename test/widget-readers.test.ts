// Readers' part of widget.js in Chromium: Like (a toggle with aria-pressed and the count, remembered in
// localStorage), Report (a small form of reasons, by keyboard), the Featured label and filter, Best sort.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from './server.js';
import { assertClean, focusInWidget, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('readers’ actions in widget.js', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('a reader likes a comment by keyboard: aria-pressed and the count change, the server counts it once, a reload remembers it', async () => {
    const id = await h.post({ article: '/p/likes', body: 'Worth a like.' });
    const w = await h.open(h.widgetPage('/p/likes'));
    const { page } = w;
    await widgetReady(page);
    const like = page.locator(`${W} #comment-${id} button.lk`);
    assert.equal(await like.getAttribute('aria-pressed'), 'false');
    assert.equal(await like.getAttribute('aria-label'), 'Like the comment by Amal (0)');
    await like.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((sel) => document.querySelector('[data-parley]')?.shadowRoot?.querySelector(sel)?.getAttribute('aria-pressed') === 'true', `#comment-${id} button.lk`);
    assert.equal(await like.getAttribute('aria-label'), 'Like the comment by Amal (1)');
    assert.equal(h.sql<{ reactions: number }>('select reactions from comments where id = ?', id)[0]?.reactions, 1);
    const keys = h.sql<{ reader_key: string }>('select reader_key from comment_reactions where comment_id = ?', id);
    assert.equal(keys.length, 1);
    assert.match(keys[0]?.reader_key ?? '', /^[0-9a-f]{40}$/, 'the server keeps a keyed hash, not the reader id');
    const readerId = await page.evaluate(() => JSON.parse(localStorage.getItem('parley:reader') ?? '""') as string);
    assert.ok(!keys[0]?.reader_key.includes(readerId));

    await page.reload();
    await widgetReady(page);
    assert.equal(await like.getAttribute('aria-pressed'), 'true', 'the reader’s own state comes from localStorage');
    assert.equal(await like.locator('.n').textContent(), '1', 'the count comes from the server (the cached thread was refreshed)');
    await like.click();
    await page.waitForFunction((sel) => document.querySelector('[data-parley]')?.shadowRoot?.querySelector(sel)?.getAttribute('aria-pressed') === 'false', `#comment-${id} button.lk`);
    assert.equal(h.sql<{ reactions: number }>('select reactions from comments where id = ?', id)[0]?.reactions, 0);
    await assertClean(w, h);
    await w.context.close();
  });

  test('a reader reports a comment with the keyboard: a form of reasons opens, Escape closes it, Send reports it once', async () => {
    const id = await h.post({ article: '/p/reports', body: 'Buy cheap watches.' });
    const w = await h.open(h.widgetPage('/p/reports'));
    const { page } = w;
    await widgetReady(page);
    const report = page.locator(`${W} #comment-${id} button.rp-b`);
    assert.equal(await report.getAttribute('aria-label'), 'Report the comment by Amal');
    assert.equal(await report.getAttribute('aria-expanded'), 'false');
    await report.focus();
    await page.keyboard.press('Enter');
    const form = page.locator(`${W} form#report-${id}`);
    await form.waitFor();
    assert.equal(await report.getAttribute('aria-expanded'), 'true');
    assert.equal(await form.locator('legend').textContent(), 'Why should the moderators look at this comment?');
    assert.equal((await focusInWidget(page)).tag, 'input', 'focus is on the first reason');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.querySelector('[data-parley]')?.shadowRoot?.activeElement?.className), 'l rp-b');

    await page.keyboard.press('Enter');
    await form.waitFor();
    await page.keyboard.press('ArrowDown'); // spam → abuse
    await form.locator('textarea').fill('Advertising, twice a day.');
    await form.locator('button[type=submit]').click();
    await page.locator(`${W} #comment-${id} .rd`).waitFor();
    assert.equal(await page.locator(`${W} #comment-${id} .rd`).textContent(), 'Reported');
    const rows = h.sql<{ reason: string; text: string }>('select reason, text from comment_reports where comment_id = ?', id);
    assert.deepEqual(rows, [{ reason: 'abuse', text: 'Advertising, twice a day.' }]);
    await page.reload();
    await widgetReady(page);
    assert.equal(await report.count(), 0, 'no Report button on a comment this browser reported');
    assert.equal(await page.locator(`${W} #comment-${id} .rd`).textContent(), 'Reported');
    await assertClean(w, h);
    await w.context.close();
  });

  test('featured comments carry a label and the Featured filter shows only them; Best puts the most liked first', async () => {
    const plain = await h.post({ article: '/p/featured', body: 'Plain.' });
    const picked = await h.post({ article: '/p/featured', body: 'Picked.', email: 'b@example.org', name: 'Bo' });
    const liked = await h.post({ article: '/p/featured', body: 'Liked.', email: 'c@example.org', name: 'Cy' });
    h.run('update comments set featured = 1 where id = ?', picked);
    h.run('update comments set reactions = 5 where id = ?', liked);
    const w = await h.open(h.widgetPage('/p/featured'));
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} #comment-${picked} .ft`).textContent(), 'Featured');
    assert.equal(await page.locator(`${W} #comment-${plain} .ft`).count(), 0);
    const filter = page.locator(`${W} button.fo`);
    assert.equal(await filter.getAttribute('aria-pressed'), 'false');
    await filter.click();
    await page.locator(`${W} #comment-${plain}`).waitFor({ state: 'detached' });
    assert.equal(await filter.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await page.locator(`${W} ol.comment-list > li`).evaluateAll((els) => els.map((e) => e.id)), [`comment-${picked}`]);
    await filter.click();
    await page.locator(`${W} #comment-${plain}`).waitFor();
    await page.locator(`${W} #sort`).selectOption('best');
    await page.waitForFunction(
      (first) => document.querySelector('[data-parley]')?.shadowRoot?.querySelector('ol.comment-list > li')?.id === first,
      `comment-${liked}`,
    );
    await assertClean(w, h);
    await w.context.close();
  });

  test('live: a new approved comment is announced as "1 new comment — show" without moving the thread; an unchanged thread costs a 304', async () => {
    const first = await h.post({ article: '/p/live', body: 'Already here.' });
    const w = await h.open(h.widgetPage('/p/live', { 'data-live': '2' }));
    const { page } = w;
    await widgetReady(page);
    const notModified = () => h.parley.output.filter((line) => /GET \/api\/comments 304/.test(line)).length;
    const before = notModified();
    // The widget checks every 2 s (data-live): wait for its first check rather than a fixed time.
    assert.ok(await waitFor(() => notModified() > before, 15_000), 'the checks of an unchanged thread were answered 304');
    const fresh = page.locator(`${W} button.nw`);
    assert.equal(await fresh.isHidden(), true);

    const second = await h.post({ article: '/p/live', body: 'Just arrived.', email: 'new@example.org', name: 'Nia' });
    await fresh.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await fresh.textContent(), '1 new comment — show');
    assert.equal(await page.locator(`${W} #comment-${second}`).count(), 0, 'nothing moves under the reader until they ask');
    await page.waitForFunction(() => document.querySelector('[data-parley]')?.shadowRoot?.querySelector('[role=status]')?.textContent === '1 new comment — show');
    await fresh.focus();
    await page.keyboard.press('Enter');
    await page.locator(`${W} #comment-${second}`).waitFor();
    assert.equal((await focusInWidget(page)).comment, `comment-${second}`, 'the focus goes to the first new comment');
    assert.equal(await fresh.isHidden(), true);
    assert.equal(await page.locator(`${W} #comment-${first}`).count(), 1);
    await assertClean(w, h);
    await w.context.close();
  });
});
