// The moderator UI's part of readers' reports and featured comments, in Chromium against the real
// server: the Reported view with reasons and counts, Dismiss reports, Feature and Unfeature.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hasChromium } from './browser.js';
import { waitFor, withDb } from './server.js';
import { startAdminUi, type AdminUiFixture, type Problems } from './admin-ui-fixture.js';

const skip = hasChromium() ? false : 'Chromium is not installed at /usr/bin/chromium';
let ui: AdminUiFixture;
const noProblems = (problems: Problems) => assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
const approve = (id: number) => withDb(ui.server.dbFile, (db) => db.prepare("update comments set status = 'approved' where id = ?").run(id));

describe('readers’ reports and featured comments in the moderator UI', { skip }, () => {
  before(async () => {
    ui = await startAdminUi();
  });
  after(async () => {
    await ui?.close();
  });

  const report = async (id: number, reader: string, reason: string, text?: string) => {
    const res = await fetch(`${ui.base}/api/comments/${id}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Parley-Reader': reader },
      body: JSON.stringify({ reason, text }),
    });
    assert.equal(res.status, 202);
  };

  test('the Reported view lists a reported comment with its reasons and notes; Dismiss reports keeps it and takes it off the list', async () => {
    const { id } = await ui.post({ body: 'Reported in the UI.' });
    approve(id);
    await report(id, 'reader-ui-aaaaaaaaaaaaaa', 'abuse', 'Rude to another reader.');
    await report(id, 'reader-ui-bbbbbbbbbbbbbb', 'spam');
    const { page, problems } = await ui.open();
    await ui.signIn(page);
    await page.getByRole('link', { name: 'Reported' }).click();
    await page.waitForURL((url) => url.searchParams.get('reported') === 'true');
    const row = page.locator(`#comment-${id}`);
    const reports = row.locator('.reports');
    // Both readers share the test machine's network, so they count once toward the threshold.
    assert.match((await reports.textContent()) ?? '', /Reported by 1 reader \(2 reports, some from the same network\): abuse ×1, spam ×1/);
    assert.match((await reports.textContent()) ?? '', /“Rude to another reader\.”/);
    const dismiss = row.getByRole('button', { name: 'Dismiss the reports of the comment by' });
    await dismiss.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Reports dismissed; the comment stays.').first().waitFor();
    assert.ok(await waitFor(() => withDb(ui.server.dbFile, (db) => (db.prepare('select count(*) as n from comment_reports where comment_id = ? and dismissed_at is null').get(id) as { n: number }).n === 0)));
    assert.equal(ui.status(id), 'approved');
    const audit = withDb(ui.server.dbFile, (db) => db.prepare("select actor_name from audit_log where comment_id = ? and action = 'reports.dismiss'").all(id));
    assert.equal(audit.length, 1);
    await page.reload();
    assert.equal(await page.locator(`#comment-${id}`).count(), 0);
    noProblems(problems);
  });

  test('Feature and Unfeature on an approved comment: the label shows in the row and the flag in the public thread', async () => {
    const { id } = await ui.post({ body: 'Worth featuring.', article: '/featured-ui' });
    approve(id);
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/comments?status=approved&article=%2Ffeatured-ui');
    const row = page.locator(`#comment-${id}`);
    await row.getByRole('button', { name: /^Feature comment by/ }).click();
    await page.locator(`#comment-${id} .featured-badge`).waitFor();
    const thread = async () =>
      ((await (await fetch(`${ui.base}/api/comments?site=demo&article=%2Ffeatured-ui`)).json()) as { comments: Array<{ id: number; featured: boolean }> }).comments;
    assert.equal((await thread()).find((c) => c.id === id)?.featured, true);
    await page.locator(`#comment-${id}`).getByRole('button', { name: /^Unfeature comment by/ }).click();
    await page.locator(`#comment-${id}`).getByRole('button', { name: /^Feature comment by/ }).waitFor();
    assert.equal((await thread()).find((c) => c.id === id)?.featured, false);
    const actions = withDb(ui.server.dbFile, (db) => db.prepare('select action from audit_log where comment_id = ? order by id').all(id) as Array<{ action: string }>);
    assert.deepEqual(actions.map((a) => a.action), ['feature', 'unfeature']);
    noProblems(problems);
  });
});
