// The author's own comments in widget.js: editing and deleting while the site's edit window is open,
// the links going when it closes, and a refused edit explained.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { afterTimeTrap, assertClean, commentsOf, fill, focusInWidget, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('editing and deleting with widget.js', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  const rows = (article: string) => commentsOf(h, article);

  test('the author edits and then deletes their comment while the edit window is open', async () => {
    const url = h.widgetPage('/p/edit', { 'data-title': 'Edits' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Frist!', name: 'Dana', email: 'dana@example.org' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} ol.comment-list > li`).waitFor();
    const id = rows('/p/edit')[0]?.id;
    const item = page.locator(`${W} #comment-${id}`);

    await item.locator('.ac button', { hasText: 'Edit' }).click();
    const editor = item.locator(`textarea#edit-${id}`);
    assert.equal(await editor.inputValue(), 'Frist!', 'editing starts from the text as typed');
    assert.equal((await focusInWidget(page)).id, `edit-${id}`);
    await editor.fill('First, *properly*.');
    await item.locator('form.ef button', { hasText: 'Save' }).click();
    await item.locator('.x em').waitFor();
    assert.equal(await item.locator('.x').textContent(), 'First, properly.');
    assert.equal(await item.locator('.ed').textContent(), '(edited)');
    const [edited] = rows('/p/edit');
    assert.equal(edited?.body_source, 'First, *properly*.');
    assert.ok(edited?.edited_at);

    await item.locator('.ac button', { hasText: 'Delete' }).click();
    assert.equal(await item.locator('[role=group]').getAttribute('aria-label'), 'Delete this comment?');
    await item.locator('[role=group] button', { hasText: 'Yes, delete it' }).click();
    await item.waitFor({ state: 'detached' });
    assert.deepEqual(rows('/p/edit'), [], 'gone from the database');
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), 'Be the first to comment');
    assert.equal((await focusInWidget(page)).id, 'comments-title');
    assert.equal(await page.evaluate(() => localStorage.getItem('parley:own:demo:/p/edit')), null);
    await page.reload();
    await widgetReady(page);
    assert.equal(await page.locator(`${W} ol.comment-list > li`).count(), 0);
    await assertClean(w, h);
    await w.context.close();
  });

  test('Edit and Delete go away when the edit window closes, and an edit the server refuses says why', async () => {
    const url = h.widgetPage('/p/window');
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Soon fixed.', name: 'Gil', email: 'gil@example.org' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} ol.comment-list > li`).waitFor();
    const id = rows('/p/window')[0]?.id;
    const item = page.locator(`${W} #comment-${id}`);
    const key = 'parley:own:demo:/p/window';

    // The stored window ends in a few seconds: the links show, then go.
    await page.evaluate((k) => {
      const list = JSON.parse(localStorage.getItem(k) ?? '[]') as { until: number }[];
      for (const own of list) own.until = Date.now() + 4000;
      localStorage.setItem(k, JSON.stringify(list));
    }, key);
    await page.reload();
    await widgetReady(page);
    assert.deepEqual(await item.locator('.ac button').allTextContents(), ['Reply', 'Edit', 'Delete']);
    await page.waitForFunction((sel) => document.querySelector('[data-parley]')?.shadowRoot?.querySelectorAll(sel).length === 1, `#comment-${id} .ac button`);
    assert.deepEqual(await item.locator('.ac button').allTextContents(), ['Reply']);

    // A token the server does not know: the refusal is shown beside the text, and the links go.
    await page.evaluate((k) => {
      const list = JSON.parse(localStorage.getItem(k) ?? '[]') as { until: number; token: string }[];
      for (const own of list) {
        own.until = Date.now() + 600_000;
        own.token = 'not-the-token';
      }
      localStorage.setItem(k, JSON.stringify(list));
    }, key);
    await page.reload();
    await widgetReady(page);
    await item.locator('.ac button', { hasText: 'Edit' }).click();
    await item.locator(`#edit-${id}`).fill('Changed.');
    await item.locator('form.ef button', { hasText: 'Save' }).click();
    await item.locator(`#edit-${id}-error`).waitFor();
    assert.equal(await item.locator(`#edit-${id}-error`).textContent(), 'This edit token does not match the comment.');
    assert.equal(await item.locator(`#edit-${id}`).getAttribute('aria-describedby'), `edit-${id}-error`);
    assert.equal(await item.locator(`#edit-${id}`).inputValue(), 'Changed.', 'the typed text stays');
    assert.equal(await item.locator('.ac button', { hasText: 'Edit' }).count(), 0);
    assert.equal(rows('/p/window')[0]?.body_source, 'Soon fixed.');
    await assertClean(w, h, [403]);
    await w.context.close();
  });
});
