// The widget's "Notify me" checkboxes and "Manage your comments" link, in real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { afterTimeTrap, assertClean, commentsOf, fill, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('notifications in widget.js', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('both boxes are off by default; ticking one subscribes the author, and the boxes clear after posting', async () => {
    const url = h.widgetPage('/p/notify', { 'data-title': 'Notify' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} #subscribe-replies`).isChecked(), false);
    assert.equal(await page.locator(`${W} #subscribe-article`).isChecked(), false);
    assert.equal(await page.locator(`${W} label[for=subscribe-replies]`).textContent(), 'Notify me of follow-up comments by email.');
    await fill(page, { comment: 'Tell me when someone answers.', name: 'Amal', email: 'amal@example.org' });
    await page.locator(`${W} label[for=subscribe-replies]`).click();
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} ol.comment-list > li`).first().waitFor();
    const [row] = commentsOf(h, '/p/notify');
    assert.ok(row);
    assert.deepEqual(h.sql('select email, kind, comment_id from subscriptions'), [{ email: 'amal@example.org', kind: 'replies', comment_id: row.id }]);
    assert.equal(await page.locator(`${W} #subscribe-replies`).isChecked(), false);

    const manage = page.locator(`${W} .mg a`);
    assert.equal(await manage.textContent(), 'Manage your comments');
    const href = new URL((await manage.getAttribute('href')) ?? '');
    assert.equal(href.pathname, '/privacy');
    assert.match(href.searchParams.get('site') ?? '', /^[a-z0-9_-]+$/);
    await assertClean(w, h);
    await w.context.close();
  });
});
