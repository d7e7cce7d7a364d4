// The moderator UI in real headless Chromium against the real server: signing in (and being sent to
// sign in), approving from the queue and seeing it on the public thread, bulk spam, undo, delete
// permanently, inline reply, quick edit, a settings change that takes effect, session expiry, signing out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hasChromium } from './browser.js';
import { waitFor, withDb } from './server.js';
import { MODERATOR, startAdminUi, type AdminUiFixture, type Problems } from './admin-ui-fixture.js';

const skip = hasChromium() ? false : 'Chromium is not installed at /usr/bin/chromium';
let ui: AdminUiFixture;
let articles = 0;

/** A fresh article key (so each test's queue, filtered by it, holds only its own comments). */
function article(): { article: string; articleUrl: string } {
  articles += 1;
  return { article: `/browser-${articles}`, articleUrl: `${ui.base}/browser-${articles}` };
}
const queue = (key: string, status = 'pending') => `/admin/comments?status=${status}&article=${encodeURIComponent(key)}`;
const noProblems = (problems: Problems) => assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
const untilStatus = async (id: number, status: string | undefined) => assert.ok(await waitFor(() => ui.status(id) === status, 5000), `comment ${id} is ${ui.status(id)}, not ${status}`);

describe('the moderator UI in Chromium', { skip }, () => {
  before(async () => {
    ui = await startAdminUi();
  });
  after(async () => {
    await ui?.close();
  });

  test('a signed-out visitor is sent to sign in, and comes back to the page they asked for', async () => {
    const { page, problems } = await ui.open();
    await page.goto(`${ui.base}/admin/comments?status=spam`);
    assert.equal(new URL(page.url()).pathname, '/admin/sign-in');
    await page.getByLabel('Email address').fill(MODERATOR.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
    await page.getByLabel('Password').fill(MODERATOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${ui.base}/admin/comments?status=spam`);
    assert.equal(await page.getByRole('link', { name: /Spam/ }).first().getAttribute('aria-current'), 'page');
    assert.equal(await page.getByText(`Signed in as ${MODERATOR.name}`).count(), 1);
    noProblems(problems);
  });

  test('approving a comment from the queue publishes it on the article', async () => {
    // The demo article at / shows its thread as plain HTML; nothing else in this file posts to it.
    const { id } = await ui.post({ name: 'Pat', body: 'Approve me, I am *polite*.' });
    // A reader without JavaScript gets the thread as plain HTML (with it, the widget draws the same thread).
    const reader = (await ui.open({ javaScript: false })).page;
    await reader.goto(`${ui.base}/`);
    assert.equal(await reader.locator(`#comment-${id}`).count(), 0, 'not public while pending');
    const { page, problems } = await ui.open();
    await ui.signIn(page, queue('/'));
    await page.locator(`#comment-${id}`).getByRole('button', { name: 'Approve comment by Pat' }).click();
    await page.locator(`li.undo-row[data-for="${id}"]`).getByText('Comment approved.').waitFor();
    await untilStatus(id, 'approved');
    assert.equal(await page.locator(`#comment-${id}`).isHidden(), true);

    await reader.reload();
    const published = reader.locator(`#comment-${id}`);
    assert.equal(await published.locator('.comment-author').textContent(), 'Pat');
    assert.equal(await published.locator('.comment-content').innerHTML(), '<p>Approve me, I am <em>polite</em>.</p>');
    noProblems(problems);
  });

  test('bulk: selected comments are marked as spam in one go, and one Undo brings them all back', async () => {
    const where = article();
    const ids = [(await ui.post(where)).id, (await ui.post(where)).id, (await ui.post(where)).id];
    const { page, problems } = await ui.open();
    await ui.signIn(page, queue(where.article));
    const counts = async () => Number(await page.locator('[data-count="spam"]').textContent());
    const spamBefore = await counts();
    await page.getByLabel('Select all').check();
    await page.getByLabel('Bulk action').selectOption({ label: 'Mark as spam' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('3 comments marked as spam.', { exact: true }).waitFor();
    for (const id of ids) await untilStatus(id, 'spam');
    assert.equal(await page.locator('li.comment-row:visible').count(), 0);
    await page.waitForFunction((n) => document.querySelector('[data-count="spam"]')?.textContent === String(n), spamBefore + 3);

    await page.locator('.bulk-notice').getByRole('button', { name: 'Undo' }).click();
    for (const id of ids) await untilStatus(id, 'pending');
    await page.locator('li.comment-row:visible').nth(2).waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-count="spam"]')?.textContent === String(n), spamBefore);
    noProblems(problems);
  });

  test('every action can be undone for a few seconds: approve, and even delete permanently', async () => {
    const where = article();
    const { id } = await ui.post(where);
    const { page, problems } = await ui.open();
    await ui.signIn(page, queue(where.article));
    await page.locator(`#comment-${id}`).getByRole('button', { name: /^Approve comment/ }).click();
    await untilStatus(id, 'approved');
    await page.locator(`li.undo-row[data-for="${id}"]`).getByRole('button', { name: 'Undo' }).click();
    await untilStatus(id, 'pending');
    await page.locator(`#comment-${id}`).waitFor({ state: 'visible' });
    assert.equal(await page.locator('li.undo-row').count(), 0);

    await page.locator(`#comment-${id}`).getByRole('button', { name: /^Trash comment/ }).click();
    await untilStatus(id, 'trash');
    await page.goto(`${ui.base}${queue(where.article, 'trash')}`);
    await page.locator(`#comment-${id}`).getByRole('button', { name: /^Delete Permanently/ }).click();
    await page.getByText('Comment deleted permanently.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator(`#comment-${id}`).waitFor({ state: 'visible' });
    assert.equal(ui.status(id), 'trash', 'undone before it was sent');

    await page.locator(`#comment-${id}`).getByRole('button', { name: /^Delete Permanently/ }).click();
    await page.locator(`#comment-${id}`).waitFor({ state: 'detached', timeout: 20_000 });
    await untilStatus(id, undefined);
    noProblems(problems);
  });

  test('Reply posts as the moderator, approves the comment replied to, and shows on the thread', async () => {
    const where = article();
    const { id } = await ui.post({ ...where, name: 'Quinn', body: 'Where is the new lane?' });
    const { page, problems } = await ui.open();
    await ui.signIn(page, queue(where.article));
    await page.locator(`#comment-${id}`).getByRole('button', { name: 'Reply to Quinn' }).click();
    await page.getByRole('textbox', { name: 'Reply to Quinn' }).fill('Along the river, from the mill to the bridge.');
    await page.getByRole('button', { name: 'Approve and Reply' }).click();
    await page.getByText('Reply posted and comment approved.', { exact: true }).waitFor();
    await untilStatus(id, 'approved');
    const reply = withDb(ui.server.dbFile, (db) => db.prepare('select name, status, moderator, body_source as body from comments where parent_id = ?').get(id));
    assert.deepEqual(reply, { name: MODERATOR.name, status: 'approved', moderator: 1, body: 'Along the river, from the mill to the bridge.' });
    const thread = (await (await fetch(`${ui.base}/api/comments?site=demo&article=${encodeURIComponent(where.article)}`)).json()) as { comments: Array<{ replies: Array<{ author: { moderator: boolean } }> }> };
    assert.equal(thread.comments[0]?.replies[0]?.author.moderator, true);
    noProblems(problems);
  });

  test('Undo after a reply deletes the reply, puts the comment back in Pending and shows its row again', async () => {
    const where = article();
    const { id } = await ui.post({ ...where, name: 'Sam', body: 'Is the lane lit at night?' });
    const { page, problems } = await ui.open();
    await ui.signIn(page, queue(where.article));
    await page.locator(`#comment-${id}`).getByRole('button', { name: 'Reply to Sam' }).click();
    await page.getByRole('textbox', { name: 'Reply to Sam' }).fill('Yes, from dusk.');
    await page.getByRole('button', { name: 'Approve and Reply' }).click();
    await page.getByText('Reply posted and comment approved.', { exact: true }).waitFor();
    await untilStatus(id, 'approved');
    const replies = () => withDb(ui.server.dbFile, (db) => (db.prepare('select count(*) as n from comments where parent_id = ?').get(id) as { n: number }).n);
    assert.equal(replies(), 1);

    await page.locator(`li.undo-row[data-for="${id}"]`).getByRole('button', { name: 'Undo' }).click();
    await untilStatus(id, 'pending');
    assert.ok(await waitFor(() => replies() === 0, 5000), 'the reply was deleted for good');
    await page.locator(`#comment-${id}`).waitFor({ state: 'visible' });
    noProblems(problems);
  });

  test('Quick Edit changes the text in place, shows errors beside fields, and can be undone', async () => {
    const where = article();
    const { id } = await ui.post({ ...where, name: 'Rory', body: 'Teh lanes are great' });
    const { page, problems } = await ui.open();
    await ui.signIn(page, queue(where.article));
    const row = () => page.locator(`#comment-${id}`);
    await row().getByRole('button', { name: /^Quick Edit/ }).click();
    await page.getByLabel('Name').fill('');
    await page.getByRole('button', { name: 'Update Comment' }).click();
    await page.getByText('Enter your name.').waitFor();
    await page.getByLabel('Name').fill('Rory');
    await page.getByLabel('Comment', { exact: true }).fill('The lanes are **great**');
    await page.getByRole('button', { name: 'Update Comment' }).click();
    await page.getByText('Comment updated.', { exact: true }).waitFor();
    assert.equal(await row().locator('.comment-text').innerHTML(), '<p>The lanes are <strong>great</strong></p>');
    const body = () => withDb(ui.server.dbFile, (db) => (db.prepare('select body_source as b from comments where id = ?').get(id) as { b: string }).b);
    assert.equal(body(), 'The lanes are **great**');
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.ok(await waitFor(() => body() === 'Teh lanes are great', 5000));
    await page.waitForFunction((cid) => document.querySelector(`#comment-${cid} .comment-text`)?.textContent === 'Teh lanes are great', id);
    noProblems(problems);
  });

  test('a settings change takes effect on the next comment posted', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/sites/demo');
    await page.getByLabel('Links that hold a comment').fill('-1');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.locator('#maxLinks-error').getByText('Enter a whole number from 0 to 1,000.').waitFor();
    await page.getByLabel('Links that hold a comment').fill('2');
    await page.getByLabel('Comment Moderation', { exact: true }).fill('casino\nroulette');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Settings saved.').waitFor();

    const where = article();
    const { id } = await ui.post({ ...where, body: 'Cheap chips at the casino tonight' });
    await page.goto(`${ui.base}${queue(where.article)}`);
    await page.locator(`#comment-${id}`).getByText("Matched moderation word 'casino'").waitFor();
    noProblems(problems);
  });

  test('quiet hours set on the settings page hold the next comment, and the queue says why', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/sites/demo');
    await page.locator('#quietHours').check();
    await page.locator('#quietMode').selectOption('held');
    await page.locator('#quietTimeZone').fill('Mars/Olympus_Mons');
    await page.locator('#quietWindows').fill('daily 00:00-00:00');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.locator('#quietTimeZone-error').waitFor();
    assert.equal(await page.locator('#quietWindows').inputValue(), 'daily 00:00-00:00', 'what was typed is kept');
    await page.locator('#quietTimeZone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Settings saved.').waitFor();

    const where = article();
    const { id } = await ui.post({ ...where, body: 'Posted while the newsroom sleeps.' });
    await page.goto(`${ui.base}${queue(where.article)}`);
    await page.locator(`#comment-${id}`).getByText('Posted during the site’s quiet hours').waitFor();
    // Off again, for the tests after this one.
    await page.goto(`${ui.base}/admin/sites/demo`);
    await page.locator('#quietHours').uncheck();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Settings saved.').waitFor();
    noProblems(problems);
  });

  test('when the session has expired, the next action leads to the sign-in page, and nothing changes', async () => {
    const where = article();
    const { id } = await ui.post(where);
    const { page } = await ui.open();
    await ui.signIn(page, queue(where.article));
    withDb(ui.server.dbFile, (db) => db.prepare('update sessions set expires_at = 0').run());
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.waitForURL((url) => url.pathname === '/admin/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('next'), queue(where.article));
    await page.getByText('Your session has expired. Please sign in again.').waitFor();
    assert.equal(ui.status(id), 'pending');
  });

  test('signing out ends the session', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are now signed out.').waitFor();
    await page.goto(`${ui.base}/admin`);
    assert.equal(new URL(page.url()).pathname, '/admin/sign-in');
    noProblems(problems);
  });
});
