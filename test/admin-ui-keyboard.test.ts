// Keyboard-only moderation in real headless Chromium: five comments triaged with j/k/a/s/t/x/r/e/z
// and no mouse, the shortcuts list on `?`, a visible focus, and Tab + Enter reaching every action.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium } from './browser.js';
import { waitFor, withDb } from './server.js';
import { startAdminUi, type AdminUiFixture } from './admin-ui-fixture.js';

const skip = hasChromium() ? false : 'Chromium is not installed at /usr/bin/chromium';
let ui: AdminUiFixture;

const focusedRowId = (page: Page) =>
  page.evaluate(() => {
    const row = document.activeElement?.closest('li.comment-row');
    return row instanceof HTMLElement ? Number(row.dataset.id) : null;
  });

async function untilStatuses(expected: Record<number, string | undefined>): Promise<void> {
  const now = () => Object.fromEntries(Object.keys(expected).map((id) => [id, ui.status(Number(id))]));
  const done = await waitFor(() => JSON.stringify(now()) === JSON.stringify(Object.fromEntries(Object.entries(expected))), 5000);
  assert.deepEqual(now(), expected, done ? '' : 'statuses did not settle');
}

describe('keyboard-only moderation in Chromium', { skip }, () => {
  before(async () => {
    ui = await startAdminUi();
  });
  after(async () => {
    await ui?.close();
  });

  test('five comments are triaged with the keyboard alone: approve, spam, select, trash, reply, edit, undo', async () => {
    const where = { article: '/keyboard', articleUrl: `${ui.base}/keyboard` };
    const [c1, c2, c3, c4, c5] = [
      (await ui.post({ ...where, name: 'One', body: 'First' })).id,
      (await ui.post({ ...where, name: 'Two', body: 'Second' })).id,
      (await ui.post({ ...where, name: 'Three', body: 'Third' })).id,
      (await ui.post({ ...where, name: 'Four', body: 'Fourth' })).id,
      (await ui.post({ ...where, name: 'Five', body: 'Fifth' })).id,
    ];
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/comments?article=%2Fkeyboard');
    const key = (k: string) => page.keyboard.press(k);

    // Newest first: Five, Four, Three, Two, One.
    await key('j');
    assert.equal(await focusedRowId(page), c5);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    assert.notEqual(outline, 'none', 'the current comment has a visible focus outline');
    await key('a'); // Five approved; the focus moves on to Four at once
    assert.equal(await focusedRowId(page), c4);
    await key('s'); // Four is spam
    await key('x'); // Three selected
    assert.equal(await page.locator(`#select-${c3}`).isChecked(), true);
    await key('j'); // Two
    await key('t'); // Two to the Trash; on to One
    assert.equal(await focusedRowId(page), c1);
    await key('k'); // back to Three
    assert.equal(await focusedRowId(page), c3);
    await untilStatuses({ [c5]: 'approved', [c4]: 'spam', [c3]: 'pending', [c2]: 'trash', [c1]: 'pending' });

    await key('r');
    assert.ok(await page.evaluate(() => document.activeElement instanceof HTMLTextAreaElement), 'the reply box has the focus');
    await page.keyboard.type('Thanks, we will look into it.');
    await key('Control+Enter'); // reply, which approves Three
    await page.getByText('Reply posted and comment approved.', { exact: true }).waitFor();
    assert.equal(await focusedRowId(page), c1);

    await key('e'); // quick edit One: the form opens with the focus in the text, the caret at its end
    const text = page.getByRole('textbox', { name: 'Comment', exact: true });
    await page.waitForFunction(() => document.activeElement instanceof HTMLTextAreaElement && document.activeElement.name === 'body');
    assert.equal(await text.inputValue(), 'First');
    await page.keyboard.type(' (edited)');
    await key('Control+Enter');
    await page.getByText('Comment updated.', { exact: true }).waitFor();
    const body = () => withDb(ui.server.dbFile, (db) => (db.prepare('select body_source as b from comments where id = ?').get(c1) as { b: string }).b);
    assert.equal(body(), 'First (edited)');
    await key('z'); // undo the edit
    assert.ok(await waitFor(() => body() === 'First', 5000), 'z undid the edit');
    await key('z'); // undo the reply (and Three's approval)
    await untilStatuses({ [c5]: 'approved', [c4]: 'spam', [c3]: 'pending', [c2]: 'trash', [c1]: 'pending' });
    const replies = withDb(ui.server.dbFile, (db) => (db.prepare('select count(*) as n from comments where parent_id = ?').get(c3) as { n: number }).n);
    assert.equal(replies, 0, 'the undone reply is gone');

    await key('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    assert.ok((await dialog.textContent())?.includes('Undo the last action'));
    await key('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
  });

  test('without a mouse, Tab reaches a comment’s actions, Enter approves, and Shift+Tab reaches Undo', async () => {
    const where = { article: '/tabbing', articleUrl: `${ui.base}/tabbing` };
    await ui.post({ ...where, name: 'Older' });
    const { id } = await ui.post({ ...where, name: 'Tabitha' });
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/comments?article=%2Ftabbing');
    const label = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    let tabs = 0;
    while ((await label()) !== 'Approve comment by Tabitha') {
      assert.ok(++tabs < 40, 'the Approve button is reachable with Tab');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await untilStatuses({ [id]: 'approved' });
    // The database may say approved before the browser has the answer and shows the Undo button.
    await page.locator(`li.undo-row[data-for="${id}"]`).getByRole('button', { name: 'Undo' }).waitFor();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await label(), 'Undo');
    await page.keyboard.press('Enter');
    await untilStatuses({ [id]: 'pending' });
    assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
  });
});
